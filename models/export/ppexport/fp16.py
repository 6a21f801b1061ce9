"""fp16 weights and math inside a graph, float32 at its inputs and outputs and in the fragile ops.

Kept in float32 (Cast nodes around them), because they are where fp16 SD-1.5 goes wrong:
- InstanceNormalization: torch exports GroupNorm as Reshape -> InstanceNormalization -> affine; fp16
  mean/variance over 64x64xC/32 values overflows on WebGPU (onnxruntime #24514) and is the usual source
  of the all-NaN fp16 inpainting UNet (onnxruntime #22983).
- LayerNormalization, Softmax, ReduceMean, Pow, Sqrt, Erf: reductions and range-sensitive math in
  the text encoder's and UNet's transformer blocks.
- The timestep embedding (`time_proj`: t * exp(-log(10000) k / half) then sin/cos): in fp16,
  999 * f has an error of ~0.5 rad, which scrambles the embedding at every step.
Inputs and outputs stay float32 (`keep_io_types`); the engine refuses float16 IO.
"""
from __future__ import annotations

import onnx
from onnxconverter_common import float16

FRAGILE_OPS = [
    "InstanceNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "Softmax",
    "ReduceMean",
    "Pow",
    "Sqrt",
    "Erf",
]
# Node-name fragments of the timestep embedding in a torch.onnx export of UNet2DConditionModel.
FRAGILE_NODE_SCOPES = ("/time_proj/", "/time_embedding/")

PROTOBUF_LIMIT = 2**31 - 1


def fragile_nodes(model: onnx.ModelProto) -> list[str]:
    names = [node.name for node in model.graph.node if any(scope in node.name for scope in FRAGILE_NODE_SCOPES)]
    # The int64 -> float Cast of the timestep feeds time_proj; keep it float32 too.
    timestep_casts = [
        node.name
        for node in model.graph.node
        if node.op_type == "Cast" and any(i == "timestep" or i.startswith("/unet/Expand") for i in node.input)
    ]
    return names + timestep_casts


def drop_weight_identities(model: onnx.ModelProto) -> None:
    """torch's exporter aliases shared weights through Identity nodes, which the converter types wrongly
    (fp16 initializer, float Identity output): read the initializer directly instead."""
    graph = model.graph
    weights = {tensor.name for tensor in graph.initializer}
    outputs = {value.name for value in graph.output}
    alias = {}
    for node in list(graph.node):
        if node.op_type == "Identity" and node.input[0] in weights and node.output[0] not in outputs:
            alias[node.output[0]] = node.input[0]
            graph.node.remove(node)
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in alias:
                node.input[i] = alias[name]
    for value in list(graph.value_info):
        if value.name in alias:
            graph.value_info.remove(value)


def unshare_fp32_weights(model: onnx.ModelProto, blocked_nodes: set[str]) -> None:
    """torch's exporter shares one initializer between equal constants (zero biases, say); where a kept-fp32
    node and an fp16 node read the same one, the converter keeps it fp32 for both and the fp16 node fails
    type checks. The fp32 nodes get their own copies."""
    graph = model.graph
    weights = {tensor.name: tensor for tensor in graph.initializer}
    users: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            if name in weights:
                users.setdefault(name, []).append(node)
    kept = lambda node: node.op_type in FRAGILE_OPS or node.name in blocked_nodes  # noqa: E731
    for name, nodes in users.items():
        if all(kept(n) for n in nodes) or not any(kept(n) for n in nodes):
            continue
        for k, node in enumerate(n for n in nodes if kept(n)):
            copy = onnx.TensorProto()
            copy.CopyFrom(weights[name])
            copy.name = f"{name}__fp32_{k}"
            graph.initializer.append(copy)
            for i, input_name in enumerate(node.input):
                if input_name == name:
                    node.input[i] = copy.name


def convert_to_fp16(model: onnx.ModelProto, weight_bytes: int) -> onnx.ModelProto:
    drop_weight_identities(model)
    blocked = fragile_nodes(model)
    unshare_fp32_weights(model, set(blocked))
    converted = float16.convert_float_to_float16(
        model,
        keep_io_types=True,
        # Shape inference serializes the model: impossible past protobuf's 2 GB.
        disable_shape_infer=weight_bytes >= PROTOBUF_LIMIT,
        op_block_list=[*float16.DEFAULT_OP_BLOCK_LIST, *FRAGILE_OPS],
        node_block_list=blocked,
    )
    half_casts(converted, set(blocked))
    float_outputs(converted)
    # The converter retypes Cast nodes but not always their value_info; ORT infers intermediate types itself.
    del converted.graph.value_info[:]
    return converted


def half_casts(model: onnx.ModelProto, blocked_nodes: set[str]) -> None:
    """torch exports attention with a final Cast(to=float) back to the query's dtype; the converter leaves
    it, so an fp16 MatMul would meet a float input. Casts to float that only feed converted (fp16) nodes
    cast to fp16 instead."""
    graph = model.graph
    kept_ops = set(FRAGILE_OPS) | set(float16.DEFAULT_OP_BLOCK_LIST)
    outputs = {value.name for value in graph.output}
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    for node in graph.node:
        if node.op_type != "Cast" or node.name in blocked_nodes or "_cast" in node.name:
            continue
        to = next(attr for attr in node.attribute if attr.name == "to")
        users = consumers.get(node.output[0], [])
        if to.i != onnx.TensorProto.FLOAT or node.output[0] in outputs or not users:
            continue
        if all(user.op_type not in kept_ops and user.name not in blocked_nodes for user in users):
            to.i = onnx.TensorProto.FLOAT16


def float_outputs(model: onnx.ModelProto) -> None:
    """keep_io_types misses outputs made by a kept-fp32 node (the text encoder's final LayerNorm): the
    converter casts them to fp16 on the way out. Undo that cast, or add a cast back to float32."""
    graph = model.graph
    for value in graph.output:
        if value.type.tensor_type.elem_type != onnx.TensorProto.FLOAT16:
            continue
        producer = next(node for node in graph.node if value.name in node.output)
        consumers = [node for node in graph.node if value.name in node.input]
        if producer.op_type == "Cast" and not consumers:
            for attr in producer.attribute:
                if attr.name == "to":
                    attr.i = onnx.TensorProto.FLOAT
        else:
            half = f"{value.name}__fp16"
            for node in [producer, *consumers]:
                for items in (node.input, node.output):
                    for i, name in enumerate(items):
                        if name == value.name:
                            items[i] = half
            graph.node.append(onnx.helper.make_node("Cast", [half], [value.name], to=onnx.TensorProto.FLOAT, name=f"{value.name}_to_float"))
        value.type.tensor_type.elem_type = onnx.TensorProto.FLOAT
