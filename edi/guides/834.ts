import { DMG, DTP, N1, N3, N4, NM1, PER, REF, SE, ST } from './common.js';
import { MORE_834 } from './other-segments.js';
import { TREE_834 } from './loops/834.js';
import { cp, el, type TransactionGuide } from './types.js';

/** 005010X220A1 Benefit Enrollment and Maintenance (834). */
export const GUIDE_834: TransactionGuide = {
  code: '834',
  implementation: '005010X220A1',
  functionalId: 'BE',
  title: 'Benefit Enrollment and Maintenance',
  segments: {
    ...MORE_834,
    ST, SE, N3, DMG, PER,
    // 2100A member residence N4: N405 (60 or CY) and N406 (the county) Situational in X220A1, unlike the other TR3s.
    N4: { ...N4, elements: N4.elements.map((e, i) => (i === 4 ? el.id('309', 'S', ['60', 'CY'], 1, 2) : i === 5 ? el.an('310', 'S', 1, 30) : e)) },
    BGN: { elements: [el.id('353', 'R', ['00', '15', '22'], 2, 2), el.an('127', 'R', 1, 50), el.dt('373', 'R'), el.tm('337', 'R'), el.id('623', 'S', undefined, 2, 2), el.an('127', 'S', 1, 50), el.notUsed('640'), el.id('306', 'R', ['2', '4', 'RX'], 1, 2)] },
    // REF01 and DTP01 codes of every 834 REF/DTP use (header, 2000, 2300, 2320, 2750), pyx12 834.5010.X220.A1.v2.xml.
    REF: REF(['38', '0F', '1L', '17', '23', '3H', '4A', '6O', 'ABB', 'D3', 'DX', 'F6', 'P5', 'Q4', 'QQ', 'ZZ', '9V', 'CE', 'E8', 'M7', 'PID', 'RB', 'X9', 'XM', 'XX1', 'XX2', 'ZX', '60', '6P', 'SY', '00', '18', '19', '26', '3L', '6M', '9X', 'GE', 'LU', 'YY']),
    DTP: DTP(['007', '090', '091', '303', '382', '388', '050', '286', '296', '297', '300', '301', '336', '337', '338', '339', '340', '341', '350', '351', '356', '357', '383', '385', '386', '393', '394', '473', '474', '360', '361', '343', '348', '349', '543', '695', '344', '345']),
    N1: N1(['P5', 'IN', 'TV', 'BO', '75'], ['24', '94', 'FI', 'XV']),
    INS: {
      elements: [
        el.id('1073', 'R', ['Y', 'N'], 1, 1),
        el.id('1069', 'R', ['01', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '23', '24', '25', '26', '31', '38', '53', '60', 'D2', 'G8', 'G9'], 2, 2),
        el.id('875', 'R', ['001', '021', '024', '025', '030'], 3, 3), el.id('1203', 'S', undefined, 2, 3), el.id('1216', 'R', ['A', 'C', 'S', 'T'], 1, 1),
        el.comp('C052', 'S', [cp.id('R', ['A', 'B', 'C', 'D', 'E'], 1, 1), cp.id('S', ['0', '1', '2'], 1, 1)]), el.id('1219', 'S', undefined, 1, 2), el.id('584', 'S', ['AC', 'AO', 'AU', 'FT', 'L1', 'PT', 'RT', 'TE'], 2, 2),
        el.id('1220', 'S', ['F', 'N', 'P'], 1, 1), el.id('1073', 'S', ['N', 'Y'], 1, 1), el.id('1250', 'S', ['D8']), el.an('1251', 'S', 1, 35),
        el.id('1165', 'S', ['R', 'U'], 1, 1), el.notUsed('19'), el.notUsed('156'), el.notUsed('26'), el.n0('1470', 'S', 1, 9),
      ],
    },
    NM1: NM1(['IL', '74', '70', '31', '36', 'M8', 'S3', 'QD', 'J6', 'EXS', 'GD', 'GB', 'S1', 'E1', 'EI', 'LR', '6Y', '9K', 'TZ', 'X4', '45', 'P3', '1X', '3D', '80', 'FA', 'OD', 'QA', 'QN', 'Y2', 'GW', 'IN'], ['34', 'ZZ', 'FI', 'XX', 'SV', '24', 'NI', 'XV']),
    HD: {
      elements: [
        el.id('875', 'R', ['001', '002', '021', '024', '025', '026', '030', '032'], 3, 3), el.notUsed('1203'),
        el.id('1205', 'R', ['AG', 'AH', 'AJ', 'AK', 'DCP', 'DEN', 'EPO', 'FAC', 'HE', 'HLT', 'HMO', 'LTC', 'LTD', 'MM', 'MOD', 'PDG', 'POS', 'PPO', 'PRA', 'STD', 'UR', 'VIS'], 2, 3),
        el.an('1204', 'S', 1, 50),
        el.id('1207', 'S', ['CHD', 'DEP', 'E1D', 'E2D', 'E3D', 'E5D', 'E6D', 'E7D', 'E8D', 'E9D', 'ECH', 'EMP', 'ESP', 'FAM', 'IND', 'SPC', 'SPO', 'TWO'], 3, 3),
        el.notUsed('609'), el.notUsed('609'), el.notUsed('1209'), el.id('1073', 'S', ['N', 'Y'], 1, 1),
      ],
    },
  },
  loops: TREE_834,
};
