// Welsh names of Welsh local authority areas and larger towns, so "Caerdydd" finds Cardiff.
// The postcode-district table (data/uk-outcodes.csv) only has English names.
const welshToEnglish: Record<string, string> = {
	caerdydd: 'cardiff',
	abertawe: 'swansea',
	casnewydd: 'newport',
	'merthyr tudful': 'merthyr tydfil',
	'pen-y-bont ar ogwr': 'bridgend',
	caerffili: 'caerphilly',
	'castell-nedd port talbot': 'neath port talbot',
	'castell-nedd': 'neath',
	'rhondda cynon taf': 'rhondda cynon taff',
	'bro morgannwg': 'vale of glamorgan',
	'sir fynwy': 'monmouthshire',
	trefynwy: 'monmouth',
	'sir gaerfyrddin': 'carmarthenshire',
	caerfyrddin: 'carmarthen',
	'sir benfro': 'pembrokeshire',
	'ynys môn': 'isle of anglesey',
	'sir ddinbych': 'denbighshire',
	dinbych: 'denbigh',
	'sir y fflint': 'flintshire',
	'y fflint': 'flint',
	wrecsam: 'wrexham',
	'y barri': 'barry',
	'pont-y-pŵl': 'pontypool',
	'glyn ebwy': 'ebbw vale',
	'aberpennar': 'mountain ash',
	'y fenni': 'abergavenny',
	'cas-gwent': 'chepstow',
	'hwlffordd': 'haverfordwest',
	'aberdaugleddau': 'milford haven',
	'y drenewydd': 'newtown',
	'y trallwng': 'welshpool',
	'aberhonddu': 'brecon',
	'llanymddyfri': 'llandovery',
	'porthaethwy': 'menai bridge',
	'caergybi': 'holyhead'
};

/** The names to look a typed place up by: itself, and its English name if it is Welsh. */
export function placeNameVariants(name: string): string[] {
	const lower = name.toLowerCase().normalize('NFC');
	const english = welshToEnglish[lower];
	return english ? [lower, english] : [lower];
}
