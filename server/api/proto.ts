import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { Row } from './datasets/types.js';

/** proto/cdg.proto at the package root (found from the source tree and from dist/ alike). */
export function protoPath(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'proto', 'cdg.proto');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('proto/cdg.proto not found');
}

let root: protobuf.Root | undefined;

/** The message type of a record, from the shipped schema (field names as written: keepCase). */
export function messageType(name: string): protobuf.Type {
  root ??= new protobuf.Root().loadSync(protoPath(), { keepCase: true });
  return root.lookupType(name);
}

/** Rows as a length-delimited stream of `message` (https://protobuf.dev/programming-guides/techniques/#streaming). */
export function encodeDelimited(message: string, rows: readonly Row[]): Buffer {
  const type = messageType(message);
  const writer = protobuf.Writer.create();
  for (const row of rows) {
    const set = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== ''));
    type.encodeDelimited(type.fromObject(set), writer);
  }
  return Buffer.from(writer.finish());
}
