/**
 * A KServe InferenceService that serves a Triton model repository (KServe's `kserve-tritonserver`
 * runtime, Open Inference Protocol v2) on one GPU. `storageUri` is where the repository was uploaded.
 */
export function inferenceServiceYaml(name: string, storageUri: string): string {
  return `# Serves the Triton model repository in this folder with KServe (kubectl apply -f inference-service.yaml).
# Upload the folder (without this file) to storageUri first: s3://, gs://, pvc:// or https://.
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
spec:
  predictor:
    model:
      modelFormat:
        name: triton
      protocolVersion: v2
      runtime: kserve-tritonserver
      storageUri: ${storageUri}
      resources:
        limits:
          nvidia.com/gpu: "1"
`;
}
