import type { BulkOperation, Json } from '../../search-engine/search-engine.js';
import { jsonBytes } from './json-bytes.js';

/**
 * Bytes one operation adds to a `_bulk` request body: its NDJSON lines (action, then the
 * document for index and update), as `ClientSearchEngine.bulk` writes them and both clients
 * serialize them. What the engine's `http.max_content_length` is measured against.
 */
export function bulkOperationBytes(operation: BulkOperation): number {
  const target = { _index: operation.index, _id: operation.id };
  switch (operation.op) {
    case 'index': {
      const version = operation.ifVersion === undefined ? {} : { if_seq_no: operation.ifVersion.seqNo, if_primary_term: operation.ifVersion.primaryTerm };
      return lineBytes({ [operation.create === true ? 'create' : 'index']: { ...target, ...version } }) + lineBytes(operation.doc);
    }
    case 'update':
      return lineBytes({ update: target }) + lineBytes(operation.upsert === undefined ? { doc: operation.doc } : { doc: operation.doc, upsert: operation.upsert });
    case 'delete':
      return lineBytes({ delete: target });
  }
}

/** One NDJSON line: the JSON and its newline. */
function lineBytes(value: Json): number {
  return jsonBytes(value) + 1;
}
