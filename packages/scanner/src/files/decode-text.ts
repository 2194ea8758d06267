/** A file's bytes read as text. */
export interface DecodedText {
  text: string;
  /** `utf-8`, `utf-16le`, `utf-16be`, or the fallback used. */
  encoding: string;
  /** True when the bytes were not valid in any declared encoding and were read as windows-1252. */
  lossy: boolean;
}

const SNIFF_BYTES = 8000;
const PYTHON_CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** True when the start of the buffer looks binary (a NUL byte outside a UTF-16 text). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

function hasUtf16Bom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  );
}

function tryDecode(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Decodes source bytes: a UTF-8 or UTF-16 byte-order mark wins, then strict UTF-8, then a Python
 * `# coding:` declaration, then windows-1252 (never fails; marked `lossy`). `undefined` for binary.
 */
export function decodeText(bytes: Uint8Array): DecodedText | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: new TextDecoder('utf-8').decode(bytes.subarray(3)),
      encoding: 'utf-8',
      lossy: false,
    };
  }
  if (hasUtf16Bom(bytes)) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: new TextDecoder(encoding).decode(bytes.subarray(2)), encoding, lossy: false };
  }
  if (looksBinary(bytes)) return undefined;
  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', lossy: false };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split('\n').slice(0, 2);
  for (const line of head) {
    const declared = PYTHON_CODING.exec(line)?.[1]?.toLowerCase();
    if (!declared) continue;
    const text = tryDecode(bytes, declared.replace(/^latin-1$/, 'latin1'));
    if (text !== undefined) return { text, encoding: declared, lossy: false };
  }
  return {
    text: new TextDecoder('windows-1252').decode(bytes),
    encoding: 'windows-1252',
    lossy: true,
  };
}
