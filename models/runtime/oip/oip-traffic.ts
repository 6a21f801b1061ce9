/** Bytes that went to and came from the inference server, per graph: what a run costs on the network. */
export interface GraphTraffic {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

export class OipTraffic {
  private readonly graphs = new Map<string, GraphTraffic>();

  record(graph: string, bytesSent: number, bytesReceived: number): void {
    const entry = this.graphs.get(graph) ?? { requests: 0, bytesSent: 0, bytesReceived: 0 };
    entry.requests++;
    entry.bytesSent += bytesSent;
    entry.bytesReceived += bytesReceived;
    this.graphs.set(graph, entry);
  }

  of(graph: string): GraphTraffic {
    return { ...(this.graphs.get(graph) ?? { requests: 0, bytesSent: 0, bytesReceived: 0 }) };
  }

  get total(): GraphTraffic {
    const all = [...this.graphs.values()];
    return {
      requests: all.reduce((sum, g) => sum + g.requests, 0),
      bytesSent: all.reduce((sum, g) => sum + g.bytesSent, 0),
      bytesReceived: all.reduce((sum, g) => sum + g.bytesReceived, 0),
    };
  }

  /** Bytes both ways for one denoising step: one UNet request (the guided batch of two is one request). */
  get bytesPerStep(): number {
    const unet = this.of('unet');
    return unet.requests === 0 ? 0 : (unet.bytesSent + unet.bytesReceived) / unet.requests;
  }
}
