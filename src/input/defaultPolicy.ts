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
    'assessment': { points: 4, label: 'Assessment' },
    'child-in-need': { points: 5, label: 'Child in need' },
    'disability': { points: 5, label: 'Children with disabilities' },
    'looked-after': { points: 6, label: 'Looked-after child' },
    'care-leaver': { points: 4, label: 'Care leaver' },
    'child-protection': { points: 7, label: 'Child-protection plan' },
    'court': { points: 10, label: 'Court (care proceedings / PLO)' },
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
    'qualified': { capacityFactor: 1, excludedCaseTypes: [], caseTypeCaps: {}, label: 'Qualified social worker' },
    'senior': { capacityFactor: 1, excludedCaseTypes: [], caseTypeCaps: {}, label: 'Senior practitioner' },
    'asye': {
      capacityFactor: 0.9,
      excludedCaseTypes: ['child-protection', 'court'],
      caseTypeCaps: {},
      label: 'Newly qualified (ASYE, protected caseload)',
    },
    'student': {
      capacityFactor: 0.5,
      excludedCaseTypes: ['child-protection', 'court', 'looked-after'],
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
  keepSiblingsTogether: true,
  maxMoves: null,
};
