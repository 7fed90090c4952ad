package models

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"

	"google.golang.org/protobuf/encoding/protowire"
)

// ONNX graph names the serving code relies on.
const (
	InputName  = "features" // int64 [N, FeaturesPerToken]
	OutputName = "probs"    // float32 [N, NumLabels]
)

// ONNX enum values used here (onnx.proto).
const (
	onnxFloat    = 1
	onnxInt64    = 7
	attrInt      = 2
	irVersion    = 8
	opsetVersion = 13
)

// Meta is what the ONNX file's metadata_props record about the model.
type Meta map[string]string

// MarshalONNX writes the network as an ONNX model (opset 13):
// Gather → ReduceSum → MatMul → Add → Relu → MatMul → Add → Softmax.
// The encoding is deterministic: the same weights give the same bytes.
func MarshalONNX(n *Net, meta Meta, keys []string) ([]byte, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	var g []byte
	node := func(op, name string, in []string, out string, attrs ...[]byte) {
		var b []byte
		for _, s := range in {
			b = protowire.AppendTag(b, 1, protowire.BytesType)
			b = protowire.AppendString(b, s)
		}
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendString(b, out)
		b = protowire.AppendTag(b, 3, protowire.BytesType)
		b = protowire.AppendString(b, name)
		b = protowire.AppendTag(b, 4, protowire.BytesType)
		b = protowire.AppendString(b, op)
		for _, a := range attrs {
			b = protowire.AppendTag(b, 5, protowire.BytesType)
			b = protowire.AppendBytes(b, a)
		}
		g = protowire.AppendTag(g, 1, protowire.BytesType)
		g = protowire.AppendBytes(g, b)
	}
	intAttr := func(name string, v int64) []byte {
		var a []byte
		a = protowire.AppendTag(a, 1, protowire.BytesType)
		a = protowire.AppendString(a, name)
		a = protowire.AppendTag(a, 3, protowire.VarintType)
		a = protowire.AppendVarint(a, uint64(v))
		a = protowire.AppendTag(a, 20, protowire.VarintType)
		a = protowire.AppendVarint(a, attrInt)
		return a
	}
	node("Gather", "gather", []string{"emb", InputName}, "bag", intAttr("axis", 0))
	node("ReduceSum", "sum", []string{"bag", "axes"}, "h0", intAttr("keepdims", 0))
	node("MatMul", "mm1", []string{"h0", "w1"}, "z1")
	node("Add", "add1", []string{"z1", "b1"}, "a1")
	node("Relu", "relu", []string{"a1"}, "h1")
	node("MatMul", "mm2", []string{"h1", "w2"}, "z2")
	node("Add", "add2", []string{"z2", "b2"}, "logits")
	node("Softmax", "softmax", []string{"logits"}, OutputName, intAttr("axis", -1))

	g = protowire.AppendTag(g, 2, protowire.BytesType)
	g = protowire.AppendString(g, "sluice_ner")
	for _, t := range []struct {
		name string
		dims []int64
		f    []float32
		i    []int64
	}{
		{"emb", []int64{Buckets, int64(n.D)}, n.Emb, nil},
		{"w1", []int64{int64(n.D), int64(n.H)}, n.W1, nil},
		{"b1", []int64{int64(n.H)}, n.B1, nil},
		{"w2", []int64{int64(n.H), NumLabels}, n.W2, nil},
		{"b2", []int64{NumLabels}, n.B2, nil},
		{"axes", []int64{1}, nil, []int64{1}},
	} {
		var b []byte
		for _, d := range t.dims {
			b = protowire.AppendTag(b, 1, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(d))
		}
		typ := onnxFloat
		var raw []byte
		if t.i != nil {
			typ = onnxInt64
			for _, v := range t.i {
				raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
			}
		} else {
			raw = make([]byte, 0, 4*len(t.f))
			for _, v := range t.f {
				raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
			}
		}
		b = protowire.AppendTag(b, 2, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(typ))
		b = protowire.AppendTag(b, 8, protowire.BytesType)
		b = protowire.AppendString(b, t.name)
		b = protowire.AppendTag(b, 9, protowire.BytesType)
		b = protowire.AppendBytes(b, raw)
		g = protowire.AppendTag(g, 5, protowire.BytesType)
		g = protowire.AppendBytes(g, b)
	}
	valueInfo := func(field protowire.Number, name string, elem int, dims ...any) {
		var shape []byte
		for _, d := range dims {
			var dim []byte
			switch d := d.(type) {
			case string:
				dim = protowire.AppendTag(dim, 2, protowire.BytesType)
				dim = protowire.AppendString(dim, d)
			case int:
				dim = protowire.AppendTag(dim, 1, protowire.VarintType)
				dim = protowire.AppendVarint(dim, uint64(d))
			}
			shape = protowire.AppendTag(shape, 1, protowire.BytesType)
			shape = protowire.AppendBytes(shape, dim)
		}
		var tt []byte
		tt = protowire.AppendTag(tt, 1, protowire.VarintType)
		tt = protowire.AppendVarint(tt, uint64(elem))
		tt = protowire.AppendTag(tt, 2, protowire.BytesType)
		tt = protowire.AppendBytes(tt, shape)
		var typ []byte
		typ = protowire.AppendTag(typ, 1, protowire.BytesType)
		typ = protowire.AppendBytes(typ, tt)
		var vi []byte
		vi = protowire.AppendTag(vi, 1, protowire.BytesType)
		vi = protowire.AppendString(vi, name)
		vi = protowire.AppendTag(vi, 2, protowire.BytesType)
		vi = protowire.AppendBytes(vi, typ)
		g = protowire.AppendTag(g, field, protowire.BytesType)
		g = protowire.AppendBytes(g, vi)
	}
	valueInfo(11, InputName, onnxInt64, "N", FeaturesPerToken)
	valueInfo(12, OutputName, onnxFloat, "N", NumLabels)

	var m []byte
	m = protowire.AppendTag(m, 1, protowire.VarintType)
	m = protowire.AppendVarint(m, irVersion)
	m = protowire.AppendTag(m, 2, protowire.BytesType)
	m = protowire.AppendString(m, "sluice-models-train")
	m = protowire.AppendTag(m, 7, protowire.BytesType)
	m = protowire.AppendBytes(m, g)
	var op []byte
	op = protowire.AppendTag(op, 1, protowire.BytesType)
	op = protowire.AppendString(op, "")
	op = protowire.AppendTag(op, 2, protowire.VarintType)
	op = protowire.AppendVarint(op, opsetVersion)
	m = protowire.AppendTag(m, 8, protowire.BytesType)
	m = protowire.AppendBytes(m, op)
	for _, k := range keys {
		var e []byte
		e = protowire.AppendTag(e, 1, protowire.BytesType)
		e = protowire.AppendString(e, k)
		e = protowire.AppendTag(e, 2, protowire.BytesType)
		e = protowire.AppendString(e, meta[k])
		m = protowire.AppendTag(m, 14, protowire.BytesType)
		m = protowire.AppendBytes(m, e)
	}
	return m, nil
}

// ErrModel is wrapped by every error about a malformed or incompatible
// model file.
var ErrModel = errors.New("ner model")

// UnmarshalONNX reads a model written by MarshalONNX back into a Net and
// checks that its feature layout matches this build.
func UnmarshalONNX(b []byte) (*Net, Meta, error) {
	meta := Meta{}
	tensors := map[string][]byte{}
	dims := map[string][]int64{}
	err := fields(b, func(num protowire.Number, v []byte) error {
		switch num {
		case 14:
			var k, val string
			if err := fields(v, func(n protowire.Number, v []byte) error {
				if n == 1 {
					k = string(v)
				} else if n == 2 {
					val = string(v)
				}
				return nil
			}); err != nil {
				return err
			}
			meta[k] = val
		case 7:
			return fields(v, func(n protowire.Number, v []byte) error {
				if n != 5 {
					return nil
				}
				var name string
				var raw []byte
				var ds []int64
				err := fieldsAll(v, func(n protowire.Number, typ protowire.Type, v []byte, x uint64) error {
					switch {
					case n == 8:
						name = string(v)
					case n == 9:
						raw = v
					case n == 1 && typ == protowire.VarintType:
						ds = append(ds, int64(x))
					case n == 1 && typ == protowire.BytesType:
						for len(v) > 0 {
							d, k := protowire.ConsumeVarint(v)
							if k < 0 {
								return protowire.ParseError(k)
							}
							ds = append(ds, int64(d))
							v = v[k:]
						}
					}
					return nil
				})
				tensors[name], dims[name] = raw, ds
				return err
			})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if meta["features"] != FeatureVersion || meta["buckets"] != strconv.Itoa(Buckets) || meta["k"] != strconv.Itoa(FeaturesPerToken) {
		return nil, nil, fmt.Errorf("%w: built for features %q buckets %s k %s, this build uses %q %d %d",
			ErrModel, meta["features"], meta["buckets"], meta["k"], FeatureVersion, Buckets, FeaturesPerToken)
	}
	floats := func(name string) []float32 {
		raw := tensors[name]
		out := make([]float32, len(raw)/4)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		return out
	}
	n := &Net{Emb: floats("emb"), W1: floats("w1"), B1: floats("b1"), W2: floats("w2"), B2: floats("b2")}
	if d := dims["w1"]; len(d) == 2 {
		n.D, n.H = int(d[0]), int(d[1])
	}
	if err := n.check(); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	return n, meta, nil
}

// fields calls fn for every length-delimited field of a message.
func fields(b []byte, fn func(protowire.Number, []byte) error) error {
	return fieldsAll(b, func(n protowire.Number, t protowire.Type, v []byte, _ uint64) error {
		if t != protowire.BytesType {
			return nil
		}
		return fn(n, v)
	})
}

func fieldsAll(b []byte, fn func(protowire.Number, protowire.Type, []byte, uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if err := fn(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}
