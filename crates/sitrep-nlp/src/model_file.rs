//! The model file format: a magic line, then a deflate-compressed little-endian byte stream.
//!
//! Kept deliberately simple (no serde): a model is a handful of tables written in a fixed order by
//! the tagger that owns them.

use std::io::{Read, Write};

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("cannot read model file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The bytes are not a model of the expected kind.
    #[error("not a sitrep {expected} model (bad magic)")]
    BadMagic {
        /// The model kind expected.
        expected: &'static str,
    },
    /// The stream ended early or holds invalid values.
    #[error("corrupt model: {0}")]
    Corrupt(String),
}

/// Append-only little-endian writer.
#[derive(Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// Write a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Write an `i16`.
    pub fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Write an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Write an unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                break;
            }
            self.buf.push(b | 0x80);
        }
    }
    /// Write a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    /// The bytes written so far.
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }
}

/// Reader over bytes written by [`Writer`].
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Read from `buf`.
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }
    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(ModelError::Corrupt("unexpected end of data".into())),
        }
    }
    /// Read a `u32`.
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Read an `i16`.
    pub fn i16(&mut self) -> Result<i16, ModelError> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    /// Read an `f32`.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// Read an unsigned LEB128 varint.
    pub fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.take(1)?[0];
            if shift > 63 {
                return Err(ModelError::Corrupt("varint too long".into()));
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    /// Read a length-prefixed string.
    pub fn str(&mut self) -> Result<&'a str, ModelError> {
        let n = self.varint()? as usize;
        let b = self.take(n)?;
        std::str::from_utf8(b).map_err(|e| ModelError::Corrupt(e.to_string()))
    }
}

/// Compress a model body behind `magic`.
pub fn pack(magic: &str, body: &[u8]) -> Vec<u8> {
    let mut out = magic.as_bytes().to_vec();
    out.push(b'\n');
    let mut enc = flate2::write::DeflateEncoder::new(out, flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(body);
    enc.finish().unwrap_or_default()
}

/// Check `magic` and decompress the model body.
pub fn unpack(magic: &'static str, bytes: &[u8]) -> Result<Vec<u8>, ModelError> {
    let head = magic.len() + 1;
    if bytes.len() < head
        || &bytes[..magic.len()] != magic.as_bytes()
        || bytes[magic.len()] != b'\n'
    {
        return Err(ModelError::BadMagic { expected: magic });
    }
    let mut body = Vec::new();
    flate2::read::DeflateDecoder::new(&bytes[head..])
        .read_to_end(&mut body)
        .map_err(|e| ModelError::Corrupt(e.to_string()))?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let mut w = Writer::default();
        w.u32(7);
        w.varint(300);
        w.str("héllo");
        w.i16(-5);
        let packed = pack("TEST1", &w.into_inner());
        let body = unpack("TEST1", &packed).unwrap();
        let mut r = Reader::new(&body);
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.str().unwrap(), "héllo");
        assert_eq!(r.i16().unwrap(), -5);
        assert!(r.u32().is_err());
        assert!(unpack("OTHER", &packed).is_err());
    }
}
