/**
 * ONNX graphs as data: reading initialisers of pretrained encoders, writing new graphs
 * and initialisers, and the int8 rewrite. No ONNX Runtime here; this is the file format.
 */
package io.nerco.onnx;
