import type { Policy } from './schema.js';
import { WeightsSchema } from './schema.js';

/**
 * The default policy: a starting point modelled on published UK caseload-weighting schemes
 * (a full-time worker has 100 points with some reserved for non-case work; cases carry about
 * 4–10 points by type and complexity; newly qualified (ASYE) workers carry a protected 90%).
 * It is a default for a council to adjust, not a standard.
 */
export const DEFAULT_POLICY: Policy = {
  caseTypes: {
    'assessment': { points: 4, priority: 1, label: 'Assessment' },
    'child-in-need': { points: 5, priority: 1, label: 'Child in need' },
    'disability': { points: 5, priority: 1, label: 'Children with disabilities' },
    'looked-after': { points: 6, priority: 2, label: 'Looked-after child' },
    'care-leaver': { points: 4, priority: 1, label: 'Care leaver' },
    // Children at risk of significant harm and children in proceedings are allocated first.
    'child-protection': { points: 7, priority: 4, label: 'Child-protection plan' },
    'court': { points: 10, priority: 4, label: 'Court (care proceedings / PLO)' },
  },
  modifiers: {
    'complex': 2,
    'high-risk': 2,
    'large-sibling-group': 1,
    'out-of-area': 1,
    'interpreter': 1,
    'step-down': -1,
  },
  skills: ['court', 'disability', 'domestic-abuse', 'substance-misuse', 'exploitation', 'bsl', 'asylum'],
  roles: {
    'qualified': { capacityFactor: 1, excludedCaseTypes: [], allowedIfCoWorked: [], caseTypeCaps: {}, label: 'Qualified social worker' },
    'senior': { capacityFactor: 1, excludedCaseTypes: [], allowedIfCoWorked: [], caseTypeCaps: {}, label: 'Senior practitioner' },
    'asye': {
      capacityFactor: 0.9,
      excludedCaseTypes: ['child-protection', 'court'],
      allowedIfCoWorked: ['child-protection', 'court'],
      caseTypeCaps: {},
      label: 'Newly qualified (ASYE, protected caseload)',
    },
    'student': {
      capacityFactor: 0.5,
      excludedCaseTypes: ['child-protection', 'court', 'looked-after'],
      allowedIfCoWorked: [],
      caseTypeCaps: {},
      label: 'Student social worker',
    },
  },
  pointsPerFte: 100,
  reservedPointsPerFte: 10,
  hoursPerFte: 37,
  maxCasesPerFte: 20,
  caseTypeCaps: { court: 5 },
  targetUtilisation: 1,
  maxUtilisation: 1.1,
  balanceThresholds: [0.8, 0.9, 1],
  weights: WeightsSchema.parse({}),
  allowUnallocated: true,
  overCapacity: 'keep-held',
  coWorkerShare: 0.5,
  coWorkerCountsAsCase: true,
  keepSiblingsTogether: true,
  maxMoves: null,
};
