/**
 * US states (50 + DC) with their 2020 Census resident population and a few real cities with a
 * ZIP code in that city and its telephone area code, so addresses look valid per state.
 * Source: U.S. Census Bureau, 2020 Census Apportionment/Redistricting resident population
 * (P.L. 94-171 Table P1; US total 331,449,281). Cities/ZIPs: USPS ZIP Code lookup (downtown ZIP of
 * each city); area codes: NANPA area code map. Streets are synthetic (Faker).
 */
export interface UsCity {
  city: string;
  zip: string;
  areaCode: string;
}

export interface UsState {
  /** USPS code. */
  code: string;
  name: string;
  population2020: number;
  cities: readonly UsCity[];
}

export const US_STATES: readonly UsState[] = [
  { code: 'AL', name: 'Alabama', population2020: 5_024_279, cities: [{ city: 'Birmingham', zip: '35203', areaCode: '205' }, { city: 'Montgomery', zip: '36104', areaCode: '334' }, { city: 'Huntsville', zip: '35801', areaCode: '256' }] },
  { code: 'AK', name: 'Alaska', population2020: 733_391, cities: [{ city: 'Anchorage', zip: '99501', areaCode: '907' }, { city: 'Fairbanks', zip: '99701', areaCode: '907' }] },
  { code: 'AZ', name: 'Arizona', population2020: 7_151_502, cities: [{ city: 'Phoenix', zip: '85004', areaCode: '602' }, { city: 'Tucson', zip: '85701', areaCode: '520' }, { city: 'Mesa', zip: '85201', areaCode: '480' }] },
  { code: 'AR', name: 'Arkansas', population2020: 3_011_524, cities: [{ city: 'Little Rock', zip: '72201', areaCode: '501' }, { city: 'Fayetteville', zip: '72701', areaCode: '479' }] },
  { code: 'CA', name: 'California', population2020: 39_538_223, cities: [{ city: 'Los Angeles', zip: '90012', areaCode: '213' }, { city: 'San Diego', zip: '92101', areaCode: '619' }, { city: 'San Francisco', zip: '94102', areaCode: '415' }, { city: 'Sacramento', zip: '95814', areaCode: '916' }, { city: 'Fresno', zip: '93721', areaCode: '559' }] },
  { code: 'CO', name: 'Colorado', population2020: 5_773_714, cities: [{ city: 'Denver', zip: '80202', areaCode: '303' }, { city: 'Colorado Springs', zip: '80903', areaCode: '719' }] },
  { code: 'CT', name: 'Connecticut', population2020: 3_605_944, cities: [{ city: 'Hartford', zip: '06103', areaCode: '860' }, { city: 'New Haven', zip: '06510', areaCode: '203' }] },
  { code: 'DE', name: 'Delaware', population2020: 989_948, cities: [{ city: 'Wilmington', zip: '19801', areaCode: '302' }, { city: 'Dover', zip: '19901', areaCode: '302' }] },
  { code: 'DC', name: 'District of Columbia', population2020: 689_545, cities: [{ city: 'Washington', zip: '20001', areaCode: '202' }] },
  { code: 'FL', name: 'Florida', population2020: 21_538_187, cities: [{ city: 'Miami', zip: '33130', areaCode: '305' }, { city: 'Orlando', zip: '32801', areaCode: '407' }, { city: 'Tampa', zip: '33602', areaCode: '813' }, { city: 'Jacksonville', zip: '32202', areaCode: '904' }] },
  { code: 'GA', name: 'Georgia', population2020: 10_711_908, cities: [{ city: 'Atlanta', zip: '30303', areaCode: '404' }, { city: 'Savannah', zip: '31401', areaCode: '912' }] },
  { code: 'HI', name: 'Hawaii', population2020: 1_455_271, cities: [{ city: 'Honolulu', zip: '96813', areaCode: '808' }, { city: 'Hilo', zip: '96720', areaCode: '808' }] },
  { code: 'ID', name: 'Idaho', population2020: 1_839_106, cities: [{ city: 'Boise', zip: '83702', areaCode: '208' }, { city: 'Idaho Falls', zip: '83402', areaCode: '208' }] },
  { code: 'IL', name: 'Illinois', population2020: 12_812_508, cities: [{ city: 'Chicago', zip: '60601', areaCode: '312' }, { city: 'Springfield', zip: '62701', areaCode: '217' }, { city: 'Peoria', zip: '61602', areaCode: '309' }] },
  { code: 'IN', name: 'Indiana', population2020: 6_785_528, cities: [{ city: 'Indianapolis', zip: '46204', areaCode: '317' }, { city: 'Fort Wayne', zip: '46802', areaCode: '260' }] },
  { code: 'IA', name: 'Iowa', population2020: 3_190_369, cities: [{ city: 'Des Moines', zip: '50309', areaCode: '515' }, { city: 'Cedar Rapids', zip: '52401', areaCode: '319' }] },
  { code: 'KS', name: 'Kansas', population2020: 2_937_880, cities: [{ city: 'Wichita', zip: '67202', areaCode: '316' }, { city: 'Topeka', zip: '66603', areaCode: '785' }] },
  { code: 'KY', name: 'Kentucky', population2020: 4_505_836, cities: [{ city: 'Louisville', zip: '40202', areaCode: '502' }, { city: 'Lexington', zip: '40507', areaCode: '859' }] },
  { code: 'LA', name: 'Louisiana', population2020: 4_657_757, cities: [{ city: 'New Orleans', zip: '70112', areaCode: '504' }, { city: 'Baton Rouge', zip: '70801', areaCode: '225' }] },
  { code: 'ME', name: 'Maine', population2020: 1_362_359, cities: [{ city: 'Portland', zip: '04101', areaCode: '207' }, { city: 'Bangor', zip: '04401', areaCode: '207' }] },
  { code: 'MD', name: 'Maryland', population2020: 6_177_224, cities: [{ city: 'Baltimore', zip: '21202', areaCode: '410' }, { city: 'Rockville', zip: '20850', areaCode: '301' }] },
  { code: 'MA', name: 'Massachusetts', population2020: 7_029_917, cities: [{ city: 'Boston', zip: '02108', areaCode: '617' }, { city: 'Worcester', zip: '01608', areaCode: '508' }] },
  { code: 'MI', name: 'Michigan', population2020: 10_077_331, cities: [{ city: 'Detroit', zip: '48226', areaCode: '313' }, { city: 'Grand Rapids', zip: '49503', areaCode: '616' }, { city: 'Lansing', zip: '48933', areaCode: '517' }] },
  { code: 'MN', name: 'Minnesota', population2020: 5_706_494, cities: [{ city: 'Minneapolis', zip: '55401', areaCode: '612' }, { city: 'Saint Paul', zip: '55101', areaCode: '651' }] },
  { code: 'MS', name: 'Mississippi', population2020: 2_961_279, cities: [{ city: 'Jackson', zip: '39201', areaCode: '601' }, { city: 'Gulfport', zip: '39501', areaCode: '228' }] },
  { code: 'MO', name: 'Missouri', population2020: 6_154_913, cities: [{ city: 'Kansas City', zip: '64106', areaCode: '816' }, { city: 'Saint Louis', zip: '63101', areaCode: '314' }] },
  { code: 'MT', name: 'Montana', population2020: 1_084_225, cities: [{ city: 'Billings', zip: '59101', areaCode: '406' }, { city: 'Missoula', zip: '59802', areaCode: '406' }] },
  { code: 'NE', name: 'Nebraska', population2020: 1_961_504, cities: [{ city: 'Omaha', zip: '68102', areaCode: '402' }, { city: 'Lincoln', zip: '68508', areaCode: '402' }] },
  { code: 'NV', name: 'Nevada', population2020: 3_104_614, cities: [{ city: 'Las Vegas', zip: '89101', areaCode: '702' }, { city: 'Reno', zip: '89501', areaCode: '775' }] },
  { code: 'NH', name: 'New Hampshire', population2020: 1_377_529, cities: [{ city: 'Manchester', zip: '03101', areaCode: '603' }, { city: 'Concord', zip: '03301', areaCode: '603' }] },
  { code: 'NJ', name: 'New Jersey', population2020: 9_288_994, cities: [{ city: 'Newark', zip: '07102', areaCode: '973' }, { city: 'Trenton', zip: '08608', areaCode: '609' }, { city: 'Jersey City', zip: '07302', areaCode: '201' }] },
  { code: 'NM', name: 'New Mexico', population2020: 2_117_522, cities: [{ city: 'Albuquerque', zip: '87102', areaCode: '505' }, { city: 'Santa Fe', zip: '87501', areaCode: '505' }] },
  { code: 'NY', name: 'New York', population2020: 20_201_249, cities: [{ city: 'New York', zip: '10001', areaCode: '212' }, { city: 'Brooklyn', zip: '11201', areaCode: '718' }, { city: 'Buffalo', zip: '14202', areaCode: '716' }, { city: 'Rochester', zip: '14604', areaCode: '585' }, { city: 'Albany', zip: '12207', areaCode: '518' }] },
  { code: 'NC', name: 'North Carolina', population2020: 10_439_388, cities: [{ city: 'Charlotte', zip: '28202', areaCode: '704' }, { city: 'Raleigh', zip: '27601', areaCode: '919' }, { city: 'Greensboro', zip: '27401', areaCode: '336' }] },
  { code: 'ND', name: 'North Dakota', population2020: 779_094, cities: [{ city: 'Fargo', zip: '58102', areaCode: '701' }, { city: 'Bismarck', zip: '58501', areaCode: '701' }] },
  { code: 'OH', name: 'Ohio', population2020: 11_799_448, cities: [{ city: 'Columbus', zip: '43215', areaCode: '614' }, { city: 'Cleveland', zip: '44113', areaCode: '216' }, { city: 'Cincinnati', zip: '45202', areaCode: '513' }] },
  { code: 'OK', name: 'Oklahoma', population2020: 3_959_353, cities: [{ city: 'Oklahoma City', zip: '73102', areaCode: '405' }, { city: 'Tulsa', zip: '74103', areaCode: '918' }] },
  { code: 'OR', name: 'Oregon', population2020: 4_237_256, cities: [{ city: 'Portland', zip: '97204', areaCode: '503' }, { city: 'Eugene', zip: '97401', areaCode: '541' }] },
  { code: 'PA', name: 'Pennsylvania', population2020: 13_002_700, cities: [{ city: 'Philadelphia', zip: '19103', areaCode: '215' }, { city: 'Pittsburgh', zip: '15222', areaCode: '412' }, { city: 'Harrisburg', zip: '17101', areaCode: '717' }] },
  { code: 'RI', name: 'Rhode Island', population2020: 1_097_379, cities: [{ city: 'Providence', zip: '02903', areaCode: '401' }, { city: 'Warwick', zip: '02886', areaCode: '401' }] },
  { code: 'SC', name: 'South Carolina', population2020: 5_118_425, cities: [{ city: 'Columbia', zip: '29201', areaCode: '803' }, { city: 'Charleston', zip: '29401', areaCode: '843' }] },
  { code: 'SD', name: 'South Dakota', population2020: 886_667, cities: [{ city: 'Sioux Falls', zip: '57104', areaCode: '605' }, { city: 'Rapid City', zip: '57701', areaCode: '605' }] },
  { code: 'TN', name: 'Tennessee', population2020: 6_910_840, cities: [{ city: 'Nashville', zip: '37203', areaCode: '615' }, { city: 'Memphis', zip: '38103', areaCode: '901' }, { city: 'Knoxville', zip: '37902', areaCode: '865' }] },
  { code: 'TX', name: 'Texas', population2020: 29_145_505, cities: [{ city: 'Houston', zip: '77002', areaCode: '713' }, { city: 'Dallas', zip: '75201', areaCode: '214' }, { city: 'San Antonio', zip: '78205', areaCode: '210' }, { city: 'Austin', zip: '78701', areaCode: '512' }, { city: 'Fort Worth', zip: '76102', areaCode: '817' }] },
  { code: 'UT', name: 'Utah', population2020: 3_271_616, cities: [{ city: 'Salt Lake City', zip: '84111', areaCode: '801' }, { city: 'Provo', zip: '84601', areaCode: '801' }] },
  { code: 'VT', name: 'Vermont', population2020: 643_077, cities: [{ city: 'Burlington', zip: '05401', areaCode: '802' }, { city: 'Montpelier', zip: '05602', areaCode: '802' }] },
  { code: 'VA', name: 'Virginia', population2020: 8_631_393, cities: [{ city: 'Richmond', zip: '23219', areaCode: '804' }, { city: 'Virginia Beach', zip: '23451', areaCode: '757' }, { city: 'Arlington', zip: '22201', areaCode: '703' }] },
  { code: 'WA', name: 'Washington', population2020: 7_705_281, cities: [{ city: 'Seattle', zip: '98101', areaCode: '206' }, { city: 'Spokane', zip: '99201', areaCode: '509' }, { city: 'Tacoma', zip: '98402', areaCode: '253' }] },
  { code: 'WV', name: 'West Virginia', population2020: 1_793_716, cities: [{ city: 'Charleston', zip: '25301', areaCode: '304' }, { city: 'Morgantown', zip: '26505', areaCode: '304' }] },
  { code: 'WI', name: 'Wisconsin', population2020: 5_893_718, cities: [{ city: 'Milwaukee', zip: '53202', areaCode: '414' }, { city: 'Madison', zip: '53703', areaCode: '608' }] },
  { code: 'WY', name: 'Wyoming', population2020: 576_851, cities: [{ city: 'Cheyenne', zip: '82001', areaCode: '307' }, { city: 'Casper', zip: '82601', areaCode: '307' }] },
];

const BY_CODE = new Map(US_STATES.map((s) => [s.code, s]));

/** The state with this USPS code, or undefined. */
export function stateByCode(code: string): UsState | undefined {
  return BY_CODE.get(code);
}
