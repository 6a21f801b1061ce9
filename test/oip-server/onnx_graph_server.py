"""An Open Inference Protocol (KServe v2) server for the tests: KServe's Python ModelServer with one
model per ONNX graph, run by onnxruntime on the CPU. It stands in for Triton's ONNX Runtime backend,
which ships only as a container: the same REST protocol, binary tensors and model metadata.

    python onnx_graph_server.py --http_port 8000 --enable_grpc false \
        --graph unet=/path/unet/model.onnx --graph text_encoder=/path/text_encoder/model.onnx ...

KServe reads its own flags (--http_port, --enable_grpc) from the command line; --graph and --instance are
ours. --instance names an empty model whose readiness tells the tests this very process answers on the port
(not another test's server that took it between choosing the port and binding it).
"""

import argparse
import asyncio

import numpy as np
import onnxruntime as ort
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer
from kserve.errors import InvalidInput

# onnxruntime's type names and the protocol's datatype names.
DATATYPES = {
    "tensor(float)": "FP32",
    "tensor(float16)": "FP16",
    "tensor(int64)": "INT64",
    "tensor(int32)": "INT32",
}
NUMPY_DATATYPES = {np.float32: "FP32", np.float16: "FP16", np.int64: "INT64", np.int32: "INT32"}


def describe(value):
    # A symbolic or unknown dimension is the protocol's -1.
    shape = [d if isinstance(d, int) else -1 for d in value.shape]
    return {"name": value.name, "datatype": DATATYPES.get(value.type, value.type), "shape": shape}


class OnnxGraph(Model):
    def __init__(self, name, path):
        super().__init__(name)
        self.session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        self.ready = True

    def get_input_types(self):
        return [describe(v) for v in self.session.get_inputs()]

    def get_output_types(self):
        return [describe(v) for v in self.session.get_outputs()]

    async def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        feeds = {tensor.name: tensor.as_numpy() for tensor in payload.inputs}
        names = [o.name for o in payload.request_outputs] if payload.request_outputs else [v.name for v in self.session.get_outputs()]
        try:
            # In a thread: concurrent requests overlap, as a GPU server's would.
            results = await asyncio.to_thread(self.session.run, names, feeds)
        except (ort.capi.onnxruntime_pybind11_state.InvalidArgument, ort.capi.onnxruntime_pybind11_state.Fail) as error:
            raise InvalidInput(f"{self.name}: {error}") from error
        outputs = []
        for name, array in zip(names, results):
            output = InferOutput(name=name, shape=list(array.shape), datatype=NUMPY_DATATYPES[array.dtype.type])
            output.set_data_from_numpy(array, binary_data=True)
            outputs.append(output)
        return InferResponse(
            response_id=payload.id,
            model_name=self.name,
            infer_outputs=outputs,
            use_binary_outputs=True,
            requested_outputs=payload.request_outputs,
        )


class Instance(Model):
    def __init__(self, name):
        super().__init__(name)
        self.ready = True


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graph", action="append", required=True, help="name=path/to/model.onnx")
    parser.add_argument("--instance", required=True, help="a name only this process serves")
    ours, _ = parser.parse_known_args()
    models = [Instance(ours.instance)]
    for entry in ours.graph:
        name, path = entry.split("=", 1)
        models.append(OnnxGraph(name, path))
    ModelServer().start(models)
