/**
 * What the codes in our acknowledgments and answers mean, for people reading them (the web console explains a
 * TA1, 999, 271 or 835 with these). Keyed by the element that carries the code. Wording from the X12 code
 * lists as published with the TR3s; only the codes a 5010 health-care exchange meets (security codes omitted).
 */
export interface CodeList {
  /** X12 data element number. */
  element: string;
  title: string;
  /** Where the list comes from. */
  source: string;
  codes: Readonly<Record<string, string>>;
}

const ACK_CODE = { A: 'Accepted', E: 'Accepted, but errors were noted', R: 'Rejected' };

/** Code lists by the segment element that carries them (TA105, IK304, IK403, IK501, AK901, ...). */
export const CODE_MEANINGS: Readonly<Record<string, CodeList>> = {
  TA104: { element: 'I17', title: 'Interchange acknowledgment code', source: 'X12.5 interchange control structures (005010)', codes: ACK_CODE },
  TA105: {
    element: 'I18',
    title: 'Interchange note code',
    source: 'X12.5 interchange control structures (005010), element I18',
    codes: {
      '000': 'No error',
      '001': 'The interchange control number in the header and trailer do not match',
      '002': 'This standard as noted in the control standards identifier is not supported',
      '003': 'This version of the controls is not supported',
      '004': 'The segment terminator is invalid',
      '005': 'Invalid interchange ID qualifier for sender',
      '006': 'Invalid interchange sender ID',
      '007': 'Invalid interchange ID qualifier for receiver',
      '008': 'Invalid interchange receiver ID',
      '009': 'Unknown interchange receiver ID',
      '010': 'Invalid authorization information qualifier value',
      '011': 'Invalid authorization information value',
      '012': 'Invalid security information qualifier value',
      '013': 'Invalid security information value',
      '014': 'Invalid interchange date value',
      '015': 'Invalid interchange time value',
      '016': 'Invalid interchange standards identifier value',
      '017': 'Invalid interchange version ID value',
      '018': 'Invalid interchange control number value',
      '019': 'Invalid acknowledgment requested value',
      '020': 'Invalid test indicator value',
      '021': 'Invalid number of included groups value',
      '022': 'Invalid control structure',
      '023': 'Improper (premature) end-of-file (transmission)',
      '024': 'Invalid interchange content (e.g. invalid GS segment)',
      '025': 'Duplicate interchange control number',
      '026': 'Invalid data element separator',
      '027': 'Invalid component element separator',
    },
  },
  IK304: {
    element: '620',
    title: 'Implementation segment syntax error code',
    source: '005010X231A1 (999) IK304',
    codes: {
      '1': 'Unrecognized segment ID',
      '2': 'Unexpected segment',
      '3': 'Required segment missing',
      '4': 'Loop occurs over maximum times',
      '5': 'Segment exceeds maximum use',
      '6': 'Segment not in defined transaction set',
      '7': 'Segment not in proper sequence',
      '8': 'Segment has data element errors',
      I4: 'Implementation "not used" segment present',
      I6: 'Implementation dependent segment missing',
      I7: 'Implementation loop occurs under minimum times',
      I8: 'Implementation segment below minimum use',
      I9: 'Implementation dependent "not used" segment present',
    },
  },
  IK403: {
    element: '621',
    title: 'Implementation data element syntax error code',
    source: '005010X231A1 (999) IK403',
    codes: {
      '1': 'Required data element missing',
      '2': 'Conditional required data element missing',
      '3': 'Too many data elements',
      '4': 'Data element too short',
      '5': 'Data element too long',
      '6': 'Invalid character in data element',
      '7': 'Invalid code value',
      '8': 'Invalid date',
      '9': 'Invalid time',
      '10': 'Exclusion condition violated',
      '12': 'Too many repetitions',
      '13': 'Too many components',
      I10: 'Implementation "not used" data element present',
      I11: 'Implementation too few repetitions',
      I12: 'Implementation pattern match failure',
      I13: 'Implementation dependent "not used" data element present',
      I6: 'Code value not used in implementation',
      I9: 'Implementation dependent data element missing',
    },
  },
  IK501: {
    element: '717',
    title: 'Transaction set acknowledgment code',
    source: '005010X231A1 (999) IK501',
    codes: { ...ACK_CODE, M: 'Rejected, message authentication code (MAC) failed', W: 'Rejected, assurance failed validity tests', X: 'Rejected, content after decryption could not be analyzed' },
  },
  IK502: {
    element: '618',
    title: 'Implementation transaction set syntax error code',
    source: '005010X231A1 (999) IK502-IK506',
    codes: {
      '1': 'Transaction set not supported',
      '2': 'Transaction set trailer missing',
      '3': 'Transaction set control number in header and trailer do not match',
      '4': 'Number of included segments does not match actual count',
      '5': 'One or more segments in error',
      '6': 'Missing or invalid transaction set identifier',
      '7': 'Missing or invalid transaction set control number',
      '18': 'Transaction set not in functional group',
      '19': 'Invalid transaction set implementation convention reference',
      '23': 'Transaction set control number not unique within the functional group',
      I5: 'Implementation one or more segments in error',
      I6: 'Implementation convention not supported',
    },
  },
  AK901: {
    element: '715',
    title: 'Functional group acknowledge code',
    source: '005010X231A1 (999) AK901',
    codes: { ...ACK_CODE, P: 'Partially accepted, at least one transaction set was rejected', M: 'Rejected, message authentication code (MAC) failed', W: 'Rejected, assurance failed validity tests', X: 'Rejected, content after decryption could not be analyzed' },
  },
  AK905: {
    element: '716',
    title: 'Functional group syntax error code',
    source: '005010X231A1 (999) AK905-AK909',
    codes: {
      '1': 'Functional group not supported',
      '2': 'Functional group version not supported',
      '3': 'Functional group trailer missing',
      '4': 'Group control number in the functional group header and trailer do not agree',
      '5': 'Number of included transaction sets does not match actual count',
      '6': 'Group control number violates syntax',
      '19': 'Functional group control number not unique within interchange',
    },
  },
  AAA03: {
    element: '901',
    title: 'Reject reason code (271 AAA)',
    source: '005010X279A1 (270/271) AAA03',
    codes: {
      '15': 'Required application data missing',
      '42': 'Unable to respond at current time',
      '58': 'Invalid/missing date-of-birth',
      '67': 'Patient not found',
      '71': 'Patient birth date does not match that for the patient on the database',
      '72': 'Invalid/missing subscriber/insured ID',
      '73': 'Invalid/missing subscriber/insured name',
      '75': 'Subscriber/insured not found',
      '79': 'Invalid participant identification',
    },
  },
  CAS01: {
    element: '1033',
    title: 'Claim adjustment group code',
    source: 'X12 Claim Adjustment Group Codes (005010X221A1 CAS01)',
    codes: { CO: 'Contractual obligations', CR: 'Corrections and reversals', OA: 'Other adjustments', PI: 'Payor initiated reductions', PR: 'Patient responsibility' },
  },
  CAS02: {
    element: '1034',
    title: 'Claim adjustment reason code (CARC)',
    source: 'X12 Claim Adjustment Reason Codes, https://x12.org/codes/claim-adjustment-reason-codes (the codes this payer uses)',
    codes: {
      '1': 'Deductible amount',
      '2': 'Coinsurance amount',
      '3': 'Co-payment amount',
      '16': 'Claim/service lacks information or has submission/billing error(s)',
      '27': 'Expenses incurred after coverage terminated',
      '45': 'Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement',
      '96': 'Non-covered charge(s)',
      '204': "This service/equipment/drug is not covered under the patient's current benefit plan",
    },
  },
};
