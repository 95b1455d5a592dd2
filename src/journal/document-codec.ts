// How document bytes are stored: deflated (XML shrinks to about a third) and, when the journal has
// a data key, sealed with AES-256-GCM so that a stolen card or backup does not expose the consumer
// documents inside the XML. Hashes are always over the plain bytes.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

export type DocumentEncoding = "raw" | "deflate" | "deflate+aes256gcm";

export interface EncodedDocument {
  encoding: DocumentEncoding;
  bytes: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DocumentCodec {
  constructor(private readonly key: Buffer | undefined) {
    if (key !== undefined && key.length !== 32) throw new Error("the journal data key must be 32 bytes");
  }

  get encrypts(): boolean {
    return this.key !== undefined;
  }

  /**
   * `dictionary`: bytes deflate may refer to (a similar earlier document: an NFC-e shares its
   * emitter, certificate and signature layout with the previous one); decode needs the same bytes.
   */
  encode(plain: Uint8Array, dictionary?: Buffer, level = 6): EncodedDocument {
    // Level 6: the same size as 9 on NFC-e XML (2731 vs 2731 B for 5 kB) at half the CPU on the sale path.
    const deflated = deflateRawSync(plain, dictionary ? { level, dictionary } : { level });
    if (this.key === undefined) return { encoding: "deflate", bytes: deflated };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const sealed = Buffer.concat([cipher.update(deflated), cipher.final()]);
    return { encoding: "deflate+aes256gcm", bytes: Buffer.concat([iv, cipher.getAuthTag(), sealed]) };
  }

  decode(encoding: string, bytes: Buffer, dictionary?: Buffer): Buffer {
    const options = dictionary ? { dictionary } : {};
    switch (encoding) {
      case "raw":
        return bytes;
      case "deflate":
        return inflateRawSync(bytes, options);
      case "deflate+aes256gcm": {
        if (this.key === undefined)
          throw new Error("this document is encrypted and the journal has no data key");
        const iv = bytes.subarray(0, IV_BYTES);
        const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
        const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
        decipher.setAuthTag(tag);
        const deflated = Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return inflateRawSync(deflated, options);
      }
      default:
        throw new Error(`unknown document encoding "${encoding}"`);
    }
  }
}
