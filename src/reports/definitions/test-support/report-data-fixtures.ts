import type { ReportData, ReportSeries } from '../../report-data.js';

/** Weekly labels (Mondays) from 2024-03-04, `n` of them. */
function weeks(values: number[]): ReportSeries {
  return values.map((value, i) => ({ label: new Date(Date.UTC(2024, 2, 4 + 7 * i)).toISOString().slice(0, 10), value }));
}

function months(start: [number, number], values: number[]): ReportSeries {
  return values.map((value, i) => {
    const date = new Date(Date.UTC(start[0], start[1] - 1 + i, 1));
    return { label: date.toISOString().slice(0, 7), value };
  });
}

const SHA = (c: string): string => c.repeat(64);

/**
 * Hand-made data for each shipped report, shaped as the data sources return it, with values
 * chosen to show formatting: counts above a thousand, ISO times, nulls and non-Latin names.
 */
export const REPORT_DATA_FIXTURES: Record<string, ReportData> = {
  retention: {
    figures: {
      policiesInForce: 3, messagesArchived: 1_234_567, heldMessages: 4_521, activeHolds: 2, expiringIn30Days: 812,
      expiringIn90Days: 2_790, expiringIn365Days: 40_112, deletionsInPeriod: 1_503, expiredButHeld: 77,
    },
    tables: {
      policies: {
        rows: [
          { policy: 'broker-dealer-17a-4', action: 'delete', period: '6 years', priority: 20, messages: 1_000_004, expiringIn30Days: 700 },
          { policy: 'default', action: 'delete', period: '7 years', priority: 0, messages: 234_563, expiringIn30Days: 112 },
        ],
      },
      deletions: {
        rows: [{ deletedAt: '2024-03-12T02:00:05.000Z', archiveId: SHA('a'), policy: 'default', cause: 'retention', receivedAt: '2017-03-11T09:30:00.000Z', size: 48_213, ledgerSeq: 1_500_001 }],
        totalRows: 1_503,
      },
      blockingHolds: { rows: [{ caseName: 'Smith v. Acme', holdId: 'hold-7', placedAt: '2023-11-02T10:00:00.000Z', placedBy: 'officer@corp.example', expiredHeldMessages: 77 }] },
    },
    series: { deletionsByWeek: weeks([300, 410, 390, 403]), expiriesByMonth: months([2024, 4], [812, 900, 1_078, 3_000, 2_500, 4_000, 3_100, 2_900, 5_000, 6_000, 4_500, 5_322]) },
  },
  case: {
    figures: {
      caseId: 'case-42', caseName: 'Smith v. Acme', description: 'Wrongful termination claim; preserve HR mail.', createdBy: 'officer@corp.example',
      createdAt: '2024-01-15T08:00:00.000Z', custodians: 3, messagesInScope: 18_250, heldMessages: 18_250, savedSearches: 2, exportsCompleted: 1,
    },
    tables: {
      custodians: { rows: [{ custodian: 'jane.smith@corp.example', messages: 12_000 }, { custodian: 'иван.петров@corp.example', messages: 6_250 }] },
      holds: { rows: [{ holdId: 'hold-7', placedAt: '2024-01-15T08:05:00.000Z', placedBy: 'officer@corp.example', reason: 'Litigation hold', releasedAt: null, releasedBy: null, releaseReason: null }] },
      searches: { rows: [{ ranAt: '2024-03-05T14:02:00.000Z', ranBy: 'counsel@corp.example', query: 'from:jane.smith subject:termination', hitCount: 1_042 }] },
      reviewTags: { rows: [{ tag: 'responsive', messages: 950 }, { tag: 'privileged', messages: 92 }] },
      exports: { rows: [{ exportId: 'exp-1', format: 'eml-zip', requestedBy: 'counsel@corp.example', finishedAt: '2024-03-06T09:00:00.000Z', messages: 950, sha256: SHA('b') }] },
      timeline: { rows: [{ at: '2024-03-05T14:02:00.000Z', actor: 'counsel@corp.example', action: 'search', summary: 'Saved search "termination" (1,042 hits)' }] },
    },
    series: { messagesByMonth: months([2023, 10], [2_000, 3_500, 4_100, 5_000, 3_650]) },
  },
  dlp: {
    figures: { incidentsInPeriod: 2_468, openIncidents: 1_200, reviewedIncidents: 1_268, rulesFired: 4, highOrCriticalIncidents: 310 },
    tables: {
      byRule: { rows: [{ rule: 'pci-card-number-high', severity: 'high', incidents: 1_300, open: 600, reviewed: 700 }, { rule: 'iban-outbound', severity: 'medium', incidents: 1_168, open: 600, reviewed: 568 }] },
      bySeverity: { rows: [{ severity: 'high', incidents: 310 }, { severity: 'medium', incidents: 2_158 }] },
      bySender: { rows: [{ sender: 'zhang.wei@corp.example (张伟)', incidents: 1_010 }, { sender: 'Σωκράτης <sokratis@corp.example>', incidents: 12 }] },
      byDomain: { rows: [{ domain: 'finance.corp.example', incidents: 2_000 }] },
      byWeek: { rows: [{ week: '2024-03-04', incidents: 600, open: 300, reviewed: 300 }] },
    },
    series: { incidentsByWeek: weeks([600, 640, 610, 618]), topRules: [{ label: 'pci-card-number-high', value: 1_300 }, { label: 'iban-outbound', value: 1_168 }] },
  },
  audit: {
    figures: { entriesInPeriod: 25_013, actors: 14, searches: 3_204, messageReads: 18_990, exports: 12, deletions: 3, refusedAuthentications: 41, unusualFindings: 1 },
    tables: {
      byActor: { rows: [{ actor: 'mallory@corp.example', entries: 5_310, searches: 200, reads: 5_000, exports: 110, deletions: 0, firstAt: '2024-03-01T07:00:00.000Z', lastAt: '2024-03-29T18:00:00.000Z' }] },
      byAction: { rows: [{ action: 'message.read', entries: 18_990 }, { action: 'search', entries: 3_204 }] },
      exports: { rows: [{ at: '2024-03-20T11:00:00.000Z', actor: 'mallory@corp.example', exportId: 'exp-9', messages: 48_000, query: 'from:ceo@corp.example' }] },
      deletions: { rows: [{ at: '2024-03-21T12:00:00.000Z', actor: 'officer@corp.example', action: 'erasure', messages: 3 }] },
      unusual: { rows: [{ actor: 'mallory@corp.example', activity: 'export', inPeriod: 110, baseline: 2.5, note: '44× the usual rate' }] },
    },
    series: { entriesByDay: months([2024, 3], [800, 900, 1_000]).map((p, i) => ({ label: `2024-03-0${i + 1}`, value: p.value })) },
  },
  integrity: {
    figures: {
      lastRunId: 17, lastRunStatus: 'passed', lastRunStartedAt: '2024-03-31T01:00:00.000Z', lastRunFindings: 0,
      ledgerEntries: 1_236_070, checkpointsInPeriod: 31, timestampedCheckpoints: 30, signingKeyId: SHA('c'),
    },
    tables: {
      runs: { rows: [{ runId: 17, startedAt: '2024-03-31T01:00:00.000Z', finishedAt: '2024-03-31T01:42:10.000Z', status: 'passed', findings: 0 }] },
      findings: { rows: [] },
      checkpoints: { rows: [{ treeSize: 1_236_070, rootHash: SHA('d'), signedAt: '2024-03-31T00:00:00.000Z', timestampedAt: null }] },
    },
    series: { ledgerEntriesByWeek: weeks([10_000, 12_500, 11_000, 13_200]) },
  },
};
