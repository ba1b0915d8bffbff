import type { ArchiveIndex } from '../../archive/archive-index.js';
import { SearchEngineArchiveIndex } from '../../archive/search-engine/search-engine-archive-index.js';
import type { AuditChain } from '../../audit/audit-chain-port.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { auditIndexSpec } from '../../audit/search-engine/audit-index.js';
import { SearchEngineAuditChain } from '../../audit/search-engine/search-engine-audit-chain.js';
import { SearchEngineAuditLog } from '../../audit/search-engine/search-engine-audit-log.js';
import { SearchEngineTokenStore } from '../../auth/search-engine/search-engine-token-store.js';
import { tokenIndexSpec } from '../../auth/search-engine/token-index.js';
import type { TokenStore } from '../../auth/token-store.js';
import type { IncidentStore } from '../../incidents/incident-store.js';
import { SearchEngineIncidentStore } from '../../incidents/search-engine/search-engine-incident-store.js';
import type { SearchEngine } from '../../search-engine/search-engine.js';

/** What the cluster profile keeps in the search cluster: the archive index and the metadata. */
export interface ClusterStores {
  engine: SearchEngine;
  index: ArchiveIndex;
  incidents: IncidentStore;
  audit: AuditLog;
  auditChain: AuditChain;
  tokens: TokenStore;
}

/**
 * Ensures every index (mappings as code, versioned behind aliases; idempotent and safe when many
 * processes start at once) and builds the stores over them.
 */
export async function openClusterStores(engine: SearchEngine, indexPrefix: string): Promise<ClusterStores> {
  const index = new SearchEngineArchiveIndex({ engine, indexPrefix });
  await index.ensureIndices();
  await engine.ensureIndex(auditIndexSpec(indexPrefix));
  await engine.ensureIndex(tokenIndexSpec(indexPrefix));
  return {
    engine,
    index,
    incidents: new SearchEngineIncidentStore({ engine, indexPrefix }),
    audit: new SearchEngineAuditLog({ engine, indexPrefix }),
    auditChain: new SearchEngineAuditChain({ engine, indexPrefix }),
    tokens: new SearchEngineTokenStore({ engine, indexPrefix }),
  };
}
