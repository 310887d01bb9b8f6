// Demonstration data: community groups across Cardiff, Swansea, Newport and the South Wales valleys.
// Every row is `is_demo = true` (the interface labels it so). Deterministic: a seeded PRNG and a fixed
// reference date, so each run writes the same rows with the same ids (links to demo offers survive a reseed).
// Names, places and contacts are invented; contact details use reserved ranges (example domains,
// Ofcom drama numbers) so nothing real is ever contacted.
import { insertDemoAccounts } from './demo-accounts';
import { insertDemoHistory } from './demo-history';
import { insertDemoNetwork } from './demo-network';
import { placeCell } from '../place-cell';
import { serviceClaims, type Db, type Tx } from '../db/types';

// ---------------------------------------------------------------------------------------------
// Shared helpers (bulk.ts uses these too)
// ---------------------------------------------------------------------------------------------

/** Every date in the demo data is counted back from here, never from the clock. */
export const DEMO_REFERENCE_DATE = Date.UTC(2026, 10, 1); // 2026-11-01
const DAY_MS = 86_400_000;

export type Rng = () => number;

/** mulberry32: a tiny, fast, seedable PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** `n` distinct items, in random order. */
export function pickSome<T>(rng: Rng, items: readonly T[], n: number): T[] {
	const copy = [...items];
	const out: T[] = [];
	while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!);
	return out;
}

const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0');

/** A version-4-shaped UUID drawn from the PRNG, so ids are the same on every run. */
export function uuidFrom(rng: Rng): string {
	const a = Math.floor(rng() * 2 ** 32);
	const b = Math.floor(rng() * 2 ** 32);
	const c = Math.floor(rng() * 2 ** 32);
	const d = Math.floor(rng() * 2 ** 32);
	const h = hex(a, 8) + hex(b, 8) + hex(c, 8) + hex(d, 8);
	const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A point within `km` of (lat, lng), uniformly over the disc. */
export function jitter(rng: Rng, lat: number, lng: number, km = 1.5): { lat: number; lng: number } {
	const r = km * Math.sqrt(rng());
	const theta = rng() * 2 * Math.PI;
	const dLat = (r * Math.cos(theta)) / 111.32;
	const dLng = (r * Math.sin(theta)) / (111.32 * Math.cos((lat * Math.PI) / 180));
	return { lat: round6(lat + dLat), lng: round6(lng + dLng) };
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// Inward codes never use C, I, K, M, O or V.
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
/** A plausible full postcode in the district, e.g. 'CF11 7AB'. */
export function fakePostcode(rng: Rng, outcode: string): string {
	return `${outcode} ${int(rng, 1, 9)}${pick(rng, [...INWARD_LETTERS])}${pick(rng, [...INWARD_LETTERS])}`;
}


/** ISO timestamp `days` (may be fractional) before the reference date. */
export const daysBefore = (days: number) => new Date(DEMO_REFERENCE_DATE - days * DAY_MS).toISOString();
export const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Vocabulary (the schema's allowed values)
// ---------------------------------------------------------------------------------------------

export type Kind =
	| 'peer_support' | 'befriending' | 'lunch_club' | 'walking_group' | 'carers_group' | 'mens_shed'
	| 'food_support' | 'advice' | 'digital_skills' | 'youth_club' | 'welsh_language' | 'arts_and_crafts'
	| 'exercise' | 'learning' | 'volunteering' | 'practical_help' | 'activity';
/** Searchable outcomes only: quality of life and change, never process outcomes. */
export type OutcomeId =
	| 'feeling-safe' | 'things-to-do' | 'seeing-people' | 'staying-well' | 'living-as-i-want'
	| 'dealing-with-stigma' | 'confidence-and-morale' | 'skills' | 'mobility' | 'reduced-symptoms';
export type WhoFor =
	| 'everyone' | 'adults' | 'older_people' | 'young_people' | 'children' | 'families' | 'carers' | 'men'
	| 'women' | 'lgbtq' | 'disabled_people' | 'people_with_dementia' | 'mental_health' | 'neurodivergent'
	| 'refugees' | 'veterans';
export type Lang = 'en' | 'cy' | 'bsl' | 'pl' | 'ar' | 'ur' | 'bn' | 'pa' | 'so' | 'zh' | 'ro' | 'uk';
export type Access = 'drop_in' | 'self_referral' | 'referral' | 'booking';
export type Attendance = 'in_person' | 'online' | 'both';
export type Cost = 'free' | 'low_cost' | 'paid';
export type Day = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export type Slot = 'morning' | 'lunch' | 'afternoon' | 'evening' | 'day' | 'office';
export type Accessibility =
	| 'wheelchair' | 'step_free' | 'accessible_toilet' | 'hearing_loop' | 'parking' | 'quiet_space' | 'baby_change';

/** [cost, note in English, note in Welsh] */
type CostOption = [Cost, string?, string?];

export interface OfferTemplate {
	kind: Kind;
	/** Title and description; `{place}` / `{placeCy}` become the neighbourhood's name. */
	en: string;
	cy: string;
	den: string;
	dcy: string;
	/** In order of fit: the first is always used, then up to three more. */
	outcomes: OutcomeId[];
	who?: WhoFor[][];
	access?: Access[];
	attendance?: Attendance[];
	costs?: CostOption[];
	languages?: Lang[][];
	days: Day[];
	slot: Slot;
	monthly?: boolean;
	/** May run on two days a week. */
	twice?: boolean;
	/** A course with a start and end date. */
	course?: boolean;
	/** Always listed in Welsh as well as English. */
	welsh?: boolean;
	waitingList?: boolean;
}

const WEEKDAYS: Day[] = ['MO', 'TU', 'WE', 'TH', 'FR'];
const WEEKEND: Day[] = ['SA', 'SU'];

// ---------------------------------------------------------------------------------------------
// What groups offer. Warm, plain, strengths-first; invitations, never instructions.
// ---------------------------------------------------------------------------------------------

export const offerTemplates = {
	lunchClub: {
		kind: 'lunch_club', en: '{place} Lunch Club', cy: 'Clwb Cinio {placeCy}',
		den: "A hot two-course lunch and a good natter. Come on your own or bring a friend — there's always someone to sit with, and the kettle is always on.",
		dcy: "Cinio poeth dau gwrs a sgwrs dda. Dewch ar eich pen eich hun neu gyda ffrind — mae rhywun i eistedd gyda nhw bob amser, ac mae'r tegell wastad ymlaen.",
		outcomes: ['seeing-people', 'things-to-do', 'staying-well', 'confidence-and-morale'],
		who: [['older_people'], ['everyone'], ['older_people', 'carers']],
		access: ['drop_in', 'booking'],
		costs: [['low_cost', '£4 for a two-course lunch', '£4 am ginio dau gwrs'], ['low_cost', '£3.50 including tea', '£3.50 gan gynnwys te']],
		days: ['TU', 'WE', 'TH', 'FR'], slot: 'lunch'
	},
	coffeeMorning: {
		kind: 'activity', en: 'Coffee Morning', cy: 'Bore Coffi',
		den: 'Drop in for a cuppa, a slice of cake and a chat. Some people stay for ten minutes, others all morning — whatever suits you.',
		dcy: "Galwch i mewn am baned, darn o gacen a sgwrs. Mae rhai yn aros am ddeg munud, eraill drwy'r bore — beth bynnag sy'n eich siwtio chi.",
		outcomes: ['seeing-people', 'things-to-do', 'confidence-and-morale'],
		costs: [['free'], ['low_cost', '£2 for tea and cake', '£2 am de a chacen'], ['low_cost', '£1 for tea and cake', '£1 am de a chacen']],
		days: WEEKDAYS, slot: 'morning'
	},
	chairYoga: {
		kind: 'exercise', en: 'Chair Yoga', cy: 'Ioga Cadair',
		den: 'Gentle stretching and breathing, done sitting down or holding on to a chair. Good for stiff joints, balance and a calmer mind. No experience needed.',
		dcy: "Ymestyn ac anadlu ysgafn, wrth eistedd neu gan ddal gafael ar gadair. Da ar gyfer cymalau stiff, cydbwysedd a meddwl tawelach. Does dim angen profiad.",
		outcomes: ['staying-well', 'mobility', 'reduced-symptoms', 'seeing-people'],
		who: [['older_people'], ['everyone'], ['older_people', 'disabled_people']],
		costs: [['low_cost', '£3 a session', '£3 y sesiwn'], ['free']],
		days: WEEKDAYS, slot: 'morning'
	},
	tabletHelp: {
		kind: 'digital_skills', en: 'Tablet and Phone Help', cy: 'Help gyda Thabledi a Ffonau',
		den: 'Bring your phone, tablet or laptop and a question. Friendly volunteers help at your own pace — video calls with family, online shopping, the NHS app and staying safe from scams.',
		dcy: "Dewch â'ch ffôn, tabled neu liniadur a chwestiwn. Bydd gwirfoddolwyr cyfeillgar yn helpu ar eich cyflymder eich hun — galwadau fideo gyda'r teulu, siopa ar-lein, ap y GIG a chadw'n ddiogel rhag sgamiau.",
		outcomes: ['skills', 'confidence-and-morale', 'living-as-i-want', 'feeling-safe'],
		who: [['everyone'], ['older_people']],
		access: ['drop_in', 'booking'],
		days: WEEKDAYS, slot: 'afternoon'
	},
	repairCafe: {
		kind: 'practical_help', en: 'Repair Café', cy: 'Caffi Trwsio',
		den: "Bring along a wobbly chair, a lamp that won't switch on or a jacket with a broken zip. Our volunteer fixers mend it with you, over a cup of tea. Donations welcome.",
		dcy: "Dewch â chadair sigledig, lamp sydd ddim yn gweithio neu siaced â sip wedi torri. Bydd ein gwirfoddolwyr yn ei thrwsio gyda chi, dros baned. Croeso i roddion.",
		outcomes: ['living-as-i-want', 'skills', 'seeing-people', 'things-to-do'],
		days: ['SA'], slot: 'morning', monthly: true
	},
	cookBudget: {
		kind: 'learning', en: 'Cook and Eat on a Budget', cy: 'Coginio a Bwyta ar Gyllideb',
		den: 'A six-week course: cook simple, tasty meals together and take the recipes home. Ingredients are provided and you eat what you make.',
		dcy: "Cwrs chwe wythnos: coginio prydau syml a blasus gyda'n gilydd a mynd â'r ryseitiau adref. Mae'r cynhwysion am ddim ac rydych chi'n bwyta'r hyn rydych chi'n ei goginio.",
		outcomes: ['skills', 'staying-well', 'living-as-i-want', 'confidence-and-morale'],
		who: [['adults'], ['families'], ['everyone']],
		access: ['booking'],
		days: WEEKDAYS, slot: 'afternoon', course: true
	},
	bingo: {
		kind: 'activity', en: 'Bingo and Games Afternoon', cy: 'Prynhawn Bingo a Gemau',
		den: "Bingo, dominoes, cards and plenty of laughs. Relaxed and friendly, and nobody minds if you've never played before.",
		dcy: "Bingo, domino, cardiau a digon o chwerthin. Hamddenol a chyfeillgar, a does neb yn poeni os nad ydych chi erioed wedi chwarae o'r blaen.",
		outcomes: ['things-to-do', 'seeing-people'],
		who: [['everyone'], ['older_people']],
		costs: [['low_cost', '50p a card', '50c y cerdyn'], ['free']],
		days: ['MO', 'TU', 'WE', 'TH', 'FR'], slot: 'afternoon'
	},
	knitNatter: {
		kind: 'arts_and_crafts', en: 'Knit and Natter', cy: 'Gweu a Sgwrsio',
		den: "Knitting, crochet, sewing or just a chat — bring whatever you're working on, or borrow needles and wool from us. Beginners very welcome.",
		dcy: "Gweu, crosio, gwnïo neu ddim ond sgwrs — dewch â beth bynnag rydych chi'n gweithio arno, neu benthycwch weill a gwlân gennym ni. Croeso mawr i ddechreuwyr.",
		outcomes: ['things-to-do', 'seeing-people', 'skills', 'confidence-and-morale'],
		days: WEEKDAYS, slot: 'afternoon'
	},
	shedSessions: {
		kind: 'mens_shed', en: 'Shed Sessions', cy: "Sesiynau'r Sied",
		den: 'A workshop where people make, mend and chat, shoulder to shoulder. Woodwork, bike repairs, bird boxes for the local school — or just a brew and a bit of banter. Despite the name, everyone is welcome.',
		dcy: "Gweithdy lle mae pobl yn creu, trwsio a sgwrsio, ysgwydd wrth ysgwydd. Gwaith coed, trwsio beiciau, blychau adar i'r ysgol leol — neu ddim ond paned a thipyn o dynnu coes. Er gwaethaf yr enw, mae croeso i bawb.",
		outcomes: ['seeing-people', 'things-to-do', 'confidence-and-morale', 'skills'],
		who: [['men'], ['men', 'older_people'], ['everyone']],
		costs: [['free'], ['low_cost', '£2 a session, tea included', "£2 y sesiwn, paned wedi'i chynnwys"]],
		days: WEEKDAYS, slot: 'day', twice: true
	},
	woodwork: {
		kind: 'learning', en: 'Woodwork for Beginners', cy: 'Gwaith Coed i Ddechreuwyr',
		den: 'Learn to use hand tools safely and make something to take home — a chopping board, a planter, a little stool. Small groups and patient teachers.',
		dcy: 'Dysgwch ddefnyddio offer llaw yn ddiogel a gwneud rhywbeth i fynd adref — bwrdd torri, blwch plannu, stôl fach. Grwpiau bach ac athrawon amyneddgar.',
		outcomes: ['skills', 'confidence-and-morale', 'things-to-do'],
		access: ['booking'],
		costs: [['low_cost', '£5 towards materials', '£5 at gost deunyddiau']],
		days: ['MO', 'WE', 'TH'], slot: 'evening', course: true
	},
	shedTalk: {
		kind: 'peer_support', en: 'Shed Talk', cy: 'Sgwrs y Sied',
		den: "A relaxed hour once a month to talk about whatever's on your mind, with a brew in hand. There's no pressure to speak — plenty of people just listen.",
		dcy: "Awr hamddenol unwaith y mis i siarad am beth bynnag sydd ar eich meddwl, gyda phaned yn eich llaw. Does dim pwysau i siarad — mae digon o bobl yn gwrando'n unig.",
		outcomes: ['confidence-and-morale', 'seeing-people', 'dealing-with-stigma', 'reduced-symptoms'],
		who: [['men'], ['men', 'mental_health']],
		days: ['TU', 'WE', 'TH'], slot: 'evening', monthly: true
	},
	bikeFix: {
		kind: 'practical_help', en: 'Bike Fix and Ride', cy: 'Trwsio Beic a Reidio',
		den: "Bring a bike that needs a bit of love. We'll show you how to sort punctures, brakes and gears, and there's a short group ride when the weather is kind.",
		dcy: "Dewch â beic sydd angen ychydig o gariad. Byddwn ni'n dangos i chi sut i drwsio tyllau, breciau a gêrs, ac mae taith fer gyda'n gilydd pan fydd y tywydd yn garedig.",
		outcomes: ['skills', 'mobility', 'things-to-do', 'staying-well'],
		days: ['SA'], slot: 'morning'
	},
	carersCafe: {
		kind: 'carers_group', en: "Carers' Café", cy: 'Caffi Gofalwyr',
		den: 'If you look after someone — a partner, a parent, a child or a friend — this is a couple of hours just for you. Tea, cake, a listening ear and people who understand.',
		dcy: "Os ydych chi'n gofalu am rywun — partner, rhiant, plentyn neu ffrind — dyma ychydig oriau ar eich cyfer chi yn unig. Te, cacen, clust i wrando a phobl sy'n deall.",
		outcomes: ['seeing-people', 'confidence-and-morale', 'staying-well', 'feeling-safe'],
		who: [['carers']],
		days: WEEKDAYS, slot: 'morning'
	},
	carersOnline: {
		kind: 'peer_support', en: "Online Carers' Chat", cy: 'Sgwrs Ar-lein i Ofalwyr',
		den: "A friendly video chat for carers in the evening, once the day is done. Join with your camera on or off — we'll send you the link.",
		dcy: "Sgwrs fideo gyfeillgar i ofalwyr gyda'r nos, ar ôl i'r diwrnod ddod i ben. Ymunwch â'ch camera ymlaen neu i ffwrdd — byddwn ni'n anfon y ddolen atoch chi.",
		outcomes: ['seeing-people', 'confidence-and-morale', 'reduced-symptoms'],
		who: [['carers']],
		access: ['self_referral'], attendance: ['online'],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening'
	},
	carersAdvice: {
		kind: 'advice', en: "Carers' Rights and Money Advice", cy: 'Cyngor Hawliau ac Arian i Ofalwyr',
		den: "One-to-one help to find out what you're entitled to — Carer's Allowance, a carer's needs assessment, council tax reductions and breaks. We can help with the forms too.",
		dcy: "Help un-i-un i ddarganfod beth mae gennych chi hawl iddo — Lwfans Gofalwr, asesiad o anghenion gofalwr, gostyngiadau'r dreth gyngor a seibiant. Gallwn ni helpu gyda'r ffurflenni hefyd.",
		outcomes: ['living-as-i-want', 'feeling-safe', 'confidence-and-morale'],
		who: [['carers']],
		access: ['booking'], attendance: ['both', 'in_person'],
		days: WEEKDAYS, slot: 'office'
	},
	carersPamper: {
		kind: 'activity', en: "Carers' Pamper and Craft Afternoon", cy: 'Prynhawn Maldod a Chrefft i Ofalwyr',
		den: 'A hand massage, a craft to try and a proper sit-down. Replacement care can sometimes be arranged — ask us when you book.',
		dcy: "Tylino dwylo, crefft i roi cynnig arni ac eisteddiad iawn. Weithiau gallwn ni drefnu gofal yn eich lle — gofynnwch wrth archebu.",
		outcomes: ['things-to-do', 'reduced-symptoms', 'seeing-people'],
		who: [['carers']],
		access: ['booking'],
		days: ['TU', 'WE', 'TH'], slot: 'afternoon', monthly: true
	},
	youngCarers: {
		kind: 'youth_club', en: "Young Carers' Club", cy: 'Clwb Gofalwyr Ifanc',
		den: 'Time off for young people aged 8 to 17 who help look after someone at home. Games, trips, homework help and friends who get it.',
		dcy: "Amser i ffwrdd i bobl ifanc 8 i 17 oed sy'n helpu i ofalu am rywun gartref. Gemau, tripiau, help gyda gwaith cartref a ffrindiau sy'n deall.",
		outcomes: ['seeing-people', 'things-to-do', 'confidence-and-morale'],
		who: [['young_people', 'carers'], ['children', 'young_people', 'carers']],
		access: ['self_referral', 'referral'],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening'
	},
	foodBank: {
		kind: 'food_support', en: 'Food Bank', cy: 'Banc Bwyd',
		den: "Three days of nutritious food, given with a warm welcome and no judgement. A voucher helps but isn't essential — come along and talk to us. We can also put you in touch with help on bills and benefits.",
		dcy: "Bwyd maethlon am dri diwrnod, gyda chroeso cynnes a heb farnu. Mae taleb yn help ond nid yw'n hanfodol — dewch draw i siarad â ni. Gallwn ni hefyd eich rhoi mewn cysylltiad â help gyda biliau a budd-daliadau.",
		outcomes: ['living-as-i-want', 'feeling-safe', 'staying-well'],
		access: ['self_referral', 'referral', 'drop_in'],
		days: WEEKDAYS, slot: 'morning', twice: true
	},
	pantry: {
		kind: 'food_support', en: 'Community Pantry', cy: 'Pantri Cymunedol',
		den: 'Become a member and fill a bag with around £15 worth of food and household goods each week. Fresh fruit and veg, chilled food and store-cupboard basics.',
		dcy: "Dewch yn aelod a llenwch fag â gwerth tua £15 o fwyd a nwyddau'r tŷ bob wythnos. Ffrwythau a llysiau ffres, bwyd oer a hanfodion y cwpwrdd.",
		outcomes: ['living-as-i-want', 'staying-well', 'feeling-safe'],
		who: [['everyone'], ['families']],
		costs: [['low_cost', '£4 a week for members', '£4 yr wythnos i aelodau'], ['low_cost', '£3.50 a shop', '£3.50 y siop']],
		days: WEEKDAYS, slot: 'afternoon', twice: true
	},
	communityMeal: {
		kind: 'lunch_club', en: 'Warm Welcome Community Meal', cy: 'Pryd Cymunedol Croeso Cynnes',
		den: 'A free hot meal in a warm room, shared around big tables. Everyone eats together — volunteers, neighbours and families.',
		dcy: "Pryd poeth am ddim mewn ystafell gynnes, o gwmpas byrddau mawr. Mae pawb yn bwyta gyda'i gilydd — gwirfoddolwyr, cymdogion a theuluoedd.",
		outcomes: ['seeing-people', 'living-as-i-want', 'staying-well', 'feeling-safe'],
		who: [['everyone'], ['everyone', 'families']],
		days: ['MO', 'WE', 'TH', 'FR'], slot: 'evening'
	},
	foodAdvice: {
		kind: 'advice', en: 'Money and Debt Advice at the Food Bank', cy: 'Cyngor Arian a Dyled yn y Banc Bwyd',
		den: 'An independent adviser is here during food bank sessions to help with debt, benefits and energy bills. Confidential and free.',
		dcy: "Mae cynghorydd annibynnol yma yn ystod sesiynau'r banc bwyd i helpu gyda dyledion, budd-daliadau a biliau ynni. Cyfrinachol ac am ddim.",
		outcomes: ['living-as-i-want', 'feeling-safe', 'confidence-and-morale'],
		access: ['drop_in', 'booking'],
		days: WEEKDAYS, slot: 'morning'
	},
	foodVolunteer: {
		kind: 'volunteering', en: 'Volunteer at the Food Bank', cy: 'Gwirfoddoli yn y Banc Bwyd',
		den: 'Sort donations, pack parcels or welcome visitors. A great way to meet people and give something back — a couple of hours a week makes a real difference.',
		dcy: "Didoli rhoddion, pacio parseli neu groesawu ymwelwyr. Ffordd wych o gwrdd â phobl a rhoi rhywbeth yn ôl — mae cwpl o oriau'r wythnos yn gwneud gwahaniaeth go iawn.",
		outcomes: ['things-to-do', 'seeing-people', 'confidence-and-morale', 'skills'],
		who: [['adults'], ['everyone']],
		access: ['self_referral'],
		days: WEEKDAYS, slot: 'day'
	},
	energyHelp: {
		kind: 'advice', en: 'Energy Bills Help', cy: 'Help gyda Biliau Ynni',
		den: "Worried about heating your home? We can check you're on the best deal, help with grants and meter problems, and share simple ways to keep warm.",
		dcy: "Yn poeni am wresogi eich cartref? Gallwn ni wirio eich bod ar y fargen orau, helpu gyda grantiau a phroblemau mesurydd, a rhannu ffyrdd syml o gadw'n gynnes.",
		outcomes: ['living-as-i-want', 'staying-well', 'feeling-safe'],
		access: ['drop_in', 'booking'], attendance: ['in_person', 'both'],
		days: WEEKDAYS, slot: 'morning'
	},
	wellbeingWalks: {
		kind: 'walking_group', en: 'Walking for Wellbeing', cy: 'Cerdded er Lles',
		den: 'Short, friendly walks of about an hour at an easy pace, led by trained volunteer walk leaders. Routes are mostly flat with places to rest, and we always finish with a cuppa.',
		dcy: "Teithiau cerdded byr a chyfeillgar o tua awr ar gyflymder hamddenol, dan arweiniad gwirfoddolwyr hyfforddedig. Mae'r llwybrau'n wastad gan fwyaf gyda mannau i orffwys, ac rydyn ni bob amser yn gorffen gyda phaned.",
		outcomes: ['staying-well', 'mobility', 'seeing-people', 'reduced-symptoms'],
		days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'], slot: 'morning'
	},
	buggyWalks: {
		kind: 'walking_group', en: 'Buggy Walks', cy: 'Teithiau Cerdded â Bygi',
		den: 'Walk and talk with other parents and carers of little ones. Routes are pushchair-friendly and we stop at a café or playground.',
		dcy: "Cerdded a sgwrsio gyda rhieni a gofalwyr eraill plant bach. Mae'r llwybrau'n addas i goetsis ac rydyn ni'n aros mewn caffi neu faes chwarae.",
		outcomes: ['seeing-people', 'staying-well', 'confidence-and-morale'],
		who: [['families']],
		days: WEEKDAYS, slot: 'morning'
	},
	hillWalks: {
		kind: 'walking_group', en: 'Hillside Walks', cy: 'Teithiau ar y Mynydd',
		den: 'Longer walks of three to five miles onto the hills above the valley, with big views and good company. Sturdy shoes or boots make it more comfortable.',
		dcy: "Teithiau hirach o dair i bum milltir i'r bryniau uwchben y cwm, gyda golygfeydd mawr a chwmni da. Mae esgidiau cryf neu sgidiau cerdded yn gwneud pethau'n fwy cyfforddus.",
		outcomes: ['staying-well', 'mobility', 'things-to-do', 'seeing-people'],
		who: [['adults'], ['everyone']],
		days: WEEKEND, slot: 'morning'
	},
	nordic: {
		kind: 'exercise', en: 'Nordic Walking', cy: 'Cerdded Nordig',
		den: 'Walking with poles works your upper body and eases the load on knees and hips. Poles are provided and the first session is a gentle taster.',
		dcy: "Mae cerdded â pholion yn gweithio rhan uchaf y corff ac yn ysgafnhau'r pwysau ar y pengliniau a'r cluniau. Mae polion ar gael ac mae'r sesiwn gyntaf yn flas ysgafn.",
		outcomes: ['mobility', 'staying-well', 'reduced-symptoms', 'seeing-people'],
		costs: [['low_cost', '£2 a session, poles provided', '£2 y sesiwn, polion ar gael'], ['free']],
		days: ['MO', 'WE', 'FR', 'SA'], slot: 'morning'
	},
	walkLeader: {
		kind: 'volunteering', en: 'Become a Walk Leader', cy: 'Dod yn Arweinydd Teithiau Cerdded',
		den: "Free one-day training to lead short health walks in your area. You'll be part of a friendly team and can lead as often as suits you.",
		dcy: "Hyfforddiant undydd am ddim i arwain teithiau cerdded iechyd byr yn eich ardal. Byddwch chi'n rhan o dîm cyfeillgar a gallwch chi arwain mor aml ag sy'n gyfleus i chi.",
		outcomes: ['skills', 'things-to-do', 'confidence-and-morale'],
		who: [['adults']],
		access: ['booking'],
		days: ['SA', 'WE'], slot: 'day', monthly: true
	},
	photoWalks: {
		kind: 'arts_and_crafts', en: 'Photography Walks', cy: 'Teithiau Ffotograffiaeth',
		den: 'Explore the neighbourhood with a camera or a phone and pick up tips for better pictures. We share our favourites over coffee afterwards.',
		dcy: "Crwydro'r gymdogaeth gyda chamera neu ffôn a chael syniadau am luniau gwell. Rydyn ni'n rhannu ein ffefrynnau dros goffi wedyn.",
		outcomes: ['things-to-do', 'skills', 'mobility', 'seeing-people'],
		days: ['SA', 'SU', 'WE'], slot: 'morning', monthly: true
	},
	welshChat: {
		kind: 'welsh_language', en: 'Welsh Conversation Café', cy: 'Paned a Sgwrs',
		den: 'Practise your Welsh over a cuppa, whatever your level. Learners and fluent speakers sit together and chat about anything and everything — mistakes are part of the fun.',
		dcy: "Ymarferwch eich Cymraeg dros baned, beth bynnag yw eich lefel. Mae dysgwyr a siaradwyr rhugl yn eistedd gyda'i gilydd ac yn sgwrsio am bopeth dan haul — mae camgymeriadau'n rhan o'r hwyl.",
		outcomes: ['seeing-people', 'skills', 'confidence-and-morale', 'things-to-do'],
		languages: [['cy', 'en'], ['cy']],
		days: WEEKDAYS, slot: 'morning', welsh: true
	},
	welshLunch: {
		kind: 'welsh_language', en: '{place} Welsh-language Lunch Club', cy: 'Clwb Cinio {placeCy}',
		den: "A hot lunch and a chat in Welsh, every week. Fluent speakers, learners and people who haven't spoken Welsh since school are all made very welcome.",
		dcy: "Cinio poeth a sgwrs yn Gymraeg bob wythnos. Mae croeso cynnes i siaradwyr rhugl, dysgwyr a'r rhai sydd heb siarad Cymraeg ers dyddiau ysgol.",
		outcomes: ['seeing-people', 'things-to-do', 'staying-well'],
		who: [['older_people'], ['everyone']],
		languages: [['cy'], ['cy', 'en']],
		costs: [['low_cost', '£4.50 for lunch', '£4.50 am ginio']],
		days: ['TU', 'WE', 'TH'], slot: 'lunch', welsh: true
	},
	welshChoir: {
		kind: 'welsh_language', en: 'Community Choir', cy: 'Côr Cymunedol',
		den: "Sing Welsh songs old and new — hymns, folk songs and pop. No auditions and no need to read music; we learn by ear.",
		dcy: "Canwch ganeuon Cymraeg hen a newydd — emynau, caneuon gwerin a phop. Dim clyweliadau a dim angen darllen cerddoriaeth; rydyn ni'n dysgu ar y glust.",
		outcomes: ['things-to-do', 'seeing-people', 'confidence-and-morale', 'reduced-symptoms'],
		languages: [['cy'], ['cy', 'en']],
		costs: [['low_cost', '£2 a week', '£2 yr wythnos'], ['free']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening', welsh: true
	},
	welshYouth: {
		kind: 'youth_club', en: 'Welsh-language Youth Club', cy: 'Clwb Ieuenctid',
		den: 'Games, sport, trips and time with friends — all through the medium of Welsh. For ages 11 to 18.',
		dcy: "Gemau, chwaraeon, tripiau ac amser gyda ffrindiau — i gyd drwy gyfrwng y Gymraeg. I bobl ifanc 11 i 18 oed.",
		outcomes: ['seeing-people', 'things-to-do', 'confidence-and-morale'],
		who: [['young_people']],
		languages: [['cy']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening', welsh: true
	},
	welshBeginners: {
		kind: 'learning', en: 'Welsh for Complete Beginners', cy: 'Cymraeg i Ddechreuwyr Pur',
		den: 'Start speaking Welsh from day one in a small, encouraging group. Lots of parents join while their children are at Welsh-medium school.',
		dcy: "Dechreuwch siarad Cymraeg o'r diwrnod cyntaf mewn grŵp bach, calonogol. Mae llawer o rieni yn ymuno tra bod eu plant mewn ysgol Gymraeg.",
		outcomes: ['skills', 'confidence-and-morale', 'seeing-people'],
		who: [['adults'], ['everyone']],
		languages: [['cy', 'en']],
		access: ['booking'], attendance: ['both', 'in_person', 'online'],
		costs: [['free'], ['low_cost', '£45 a term, free for many people', "£45 y tymor, am ddim i lawer o bobl"]],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening', course: true, welsh: true
	},
	welshRhyme: {
		kind: 'welsh_language', en: 'Welsh Story and Rhyme Time', cy: 'Amser Stori a Rhigwm',
		den: 'Songs, stories and rhymes in Welsh for babies and toddlers with their grown-ups. Lots of the parents are learning too.',
		dcy: "Caneuon, straeon a rhigymau yn Gymraeg i fabanod a phlant bach gyda'u hoedolion. Mae llawer o'r rhieni yn dysgu hefyd.",
		outcomes: ['seeing-people', 'things-to-do', 'skills', 'confidence-and-morale'],
		who: [['families', 'children']],
		languages: [['cy', 'en']],
		days: WEEKDAYS, slot: 'morning', welsh: true
	},
	youthClub: {
		kind: 'youth_club', en: 'Open Youth Club', cy: 'Clwb Ieuenctid Agored',
		den: "A safe, friendly space for 11 to 18s after school: pool table, games console, cooking, sport and trips. Youth workers are around to chat if you'd like to.",
		dcy: "Lle diogel a chyfeillgar i bobl ifanc 11 i 18 oed ar ôl ysgol: bwrdd pŵl, consol gemau, coginio, chwaraeon a thripiau. Mae gweithwyr ieuenctid o gwmpas i sgwrsio os hoffech chi.",
		outcomes: ['feeling-safe', 'seeing-people', 'things-to-do', 'confidence-and-morale'],
		who: [['young_people']],
		days: WEEKDAYS, slot: 'evening', twice: true
	},
	lgbtqYouth: {
		kind: 'youth_club', en: 'LGBTQ+ Youth Group', cy: 'Grŵp Ieuenctid LHDTC+',
		den: "A relaxed, welcoming group for LGBTQ+ young people aged 13 to 19, and anyone who's questioning. Games, art, film nights and friendly youth workers.",
		dcy: "Grŵp hamddenol a chroesawgar i bobl ifanc LHDTC+ 13 i 19 oed, ac unrhyw un sy'n holi. Gemau, celf, nosweithiau ffilm a gweithwyr ieuenctid cyfeillgar.",
		outcomes: ['dealing-with-stigma', 'seeing-people', 'feeling-safe', 'confidence-and-morale'],
		who: [['young_people', 'lgbtq']],
		access: ['self_referral', 'drop_in'],
		days: ['TU', 'WE', 'TH'], slot: 'evening'
	},
	streetDance: {
		kind: 'exercise', en: 'Street Dance', cy: 'Dawns Stryd',
		den: 'Learn routines, make up your own and perform if you want to. All abilities, no experience needed.',
		dcy: "Dysgwch symudiadau, crëwch eich rhai eich hun a pherfformiwch os hoffech chi. Pob gallu, does dim angen profiad.",
		outcomes: ['staying-well', 'things-to-do', 'confidence-and-morale', 'seeing-people'],
		who: [['young_people'], ['children', 'young_people']],
		costs: [['low_cost', '£1 a session', '£1 y sesiwn'], ['free']],
		days: ['MO', 'WE', 'FR', 'SA'], slot: 'evening'
	},
	homework: {
		kind: 'learning', en: 'Homework Club', cy: 'Clwb Gwaith Cartref',
		den: 'A quiet space with laptops, snacks and volunteers who can help with homework and revision. For ages 8 to 16.',
		dcy: "Lle tawel gyda gliniaduron, byrbrydau a gwirfoddolwyr sy'n gallu helpu gyda gwaith cartref ac adolygu. I blant a phobl ifanc 8 i 16 oed.",
		outcomes: ['skills', 'confidence-and-morale', 'things-to-do'],
		who: [['children', 'young_people']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'afternoon'
	},
	youthMentalHealth: {
		kind: 'peer_support', en: "Young People's Wellbeing Drop-in", cy: 'Sesiwn Galw Heibio Lles Pobl Ifanc',
		den: "Somewhere to talk things through with a youth worker or with young people who've been there. Worries about school, home, friends or feelings — nothing is too small.",
		dcy: "Rhywle i siarad am bethau gyda gweithiwr ieuenctid neu gyda phobl ifanc sydd wedi bod drwy'r un peth. Pryderon am ysgol, cartref, ffrindiau neu deimladau — does dim byd yn rhy fach.",
		outcomes: ['reduced-symptoms', 'confidence-and-morale', 'feeling-safe', 'dealing-with-stigma'],
		who: [['young_people'], ['young_people', 'mental_health']],
		days: ['TU', 'WE', 'TH'], slot: 'afternoon'
	},
	benefitsAdvice: {
		kind: 'advice', en: 'Benefits and Money Advice Drop-in', cy: 'Sesiwn Galw Heibio Cyngor Budd-daliadau ac Arian',
		den: "Free, confidential help with benefits, debts, energy bills and budgeting. Bring any letters you have and we'll work through them with you.",
		dcy: "Help am ddim a chyfrinachol gyda budd-daliadau, dyledion, biliau ynni a chyllidebu. Dewch ag unrhyw lythyrau sydd gennych chi a byddwn ni'n mynd drwyddyn nhw gyda chi.",
		outcomes: ['living-as-i-want', 'feeling-safe', 'confidence-and-morale'],
		access: ['drop_in'],
		days: WEEKDAYS, slot: 'morning', twice: true
	},
	housingAdvice: {
		kind: 'advice', en: 'Housing Advice', cy: 'Cyngor Tai',
		den: "Help if you're worried about rent arrears, repairs, an eviction notice or finding somewhere to live. We listen first, then look at the options together.",
		dcy: "Help os ydych chi'n poeni am ôl-ddyledion rhent, atgyweiriadau, hysbysiad troi allan neu ddod o hyd i rywle i fyw. Rydyn ni'n gwrando yn gyntaf, yna'n edrych ar yr opsiynau gyda'n gilydd.",
		outcomes: ['living-as-i-want', 'feeling-safe'],
		access: ['booking', 'self_referral'], attendance: ['both', 'in_person'],
		days: WEEKDAYS, slot: 'office'
	},
	gettingOnline: {
		kind: 'digital_skills', en: 'Help Getting Online', cy: 'Help i Fynd Ar-lein',
		den: 'One-to-one help with email, online forms, Universal Credit journals and video calls. We can lend you a tablet while you learn.',
		dcy: "Help un-i-un gydag e-bost, ffurflenni ar-lein, dyddlyfrau Credyd Cynhwysol a galwadau fideo. Gallwn ni fenthyg tabled i chi tra byddwch chi'n dysgu.",
		outcomes: ['skills', 'confidence-and-morale', 'living-as-i-want'],
		access: ['drop_in', 'booking'],
		days: WEEKDAYS, slot: 'afternoon'
	},
	formFilling: {
		kind: 'practical_help', en: 'Form-filling Help', cy: 'Help i Lenwi Ffurflenni',
		den: 'Sit down with a volunteer to fill in forms for PIP, a Blue Badge, a bus pass or council services. No question is a silly question.',
		dcy: "Eisteddwch gyda gwirfoddolwr i lenwi ffurflenni ar gyfer PIP, Bathodyn Glas, pàs bws neu wasanaethau'r cyngor. Does dim cwestiwn yn gwestiwn gwirion.",
		outcomes: ['living-as-i-want', 'confidence-and-morale', 'mobility'],
		access: ['booking', 'drop_in'],
		days: WEEKDAYS, slot: 'morning'
	},
	adviceRemote: {
		kind: 'advice', en: 'Advice by Phone and Video', cy: 'Cyngor dros y Ffôn a Fideo',
		den: "Can't get to us? Book a phone or video appointment with an adviser at a time that suits you.",
		dcy: "Methu dod atom ni? Trefnwch apwyntiad ffôn neu fideo gyda chynghorydd ar amser sy'n gyfleus i chi.",
		outcomes: ['living-as-i-want', 'feeling-safe'],
		access: ['booking'], attendance: ['online'],
		days: WEEKDAYS, slot: 'office'
	},
	volunteerMatch: {
		kind: 'volunteering', en: 'Find a Volunteering Role', cy: 'Dod o Hyd i Rôl Wirfoddoli',
		den: "Chat with us about what you enjoy and the time you have, and we'll find a volunteering role that fits — from driving to gardening to answering the phone.",
		dcy: "Sgwrsiwch â ni am beth rydych chi'n ei fwynhau a faint o amser sydd gennych chi, a byddwn ni'n dod o hyd i rôl wirfoddoli sy'n addas — o yrru i arddio i ateb y ffôn.",
		outcomes: ['things-to-do', 'confidence-and-morale', 'skills', 'seeing-people'],
		who: [['adults'], ['everyone']],
		access: ['drop_in', 'booking'], attendance: ['both', 'in_person'],
		days: WEEKDAYS, slot: 'morning'
	},
	communityCar: {
		kind: 'practical_help', en: 'Community Car Scheme', cy: 'Cynllun Ceir Cymunedol',
		den: "Volunteer drivers take you to appointments, the shops or to visit friends when the buses don't fit. It helps to book two days ahead.",
		dcy: "Mae gyrwyr gwirfoddol yn mynd â chi i apwyntiadau, i'r siopau neu i weld ffrindiau pan nad yw'r bysiau'n gyfleus. Mae'n help i archebu ddau ddiwrnod ymlaen llaw.",
		outcomes: ['mobility', 'living-as-i-want', 'seeing-people', 'staying-well'],
		who: [['older_people', 'disabled_people'], ['everyone']],
		access: ['booking'],
		costs: [['low_cost', '45p a mile', '45c y filltir']],
		days: WEEKDAYS, slot: 'office'
	},
	mensTalk: {
		kind: 'peer_support', en: "Men's Talking Group", cy: 'Grŵp Siarad Dynion',
		den: "A no-pressure space for men to talk, listen and have a laugh, run by men who've had their own ups and downs. Come once, or come every week.",
		dcy: "Lle heb bwysau i ddynion siarad, gwrando a chael hwyl, wedi'i redeg gan ddynion sydd wedi cael eu cyfnodau da a drwg eu hunain. Dewch unwaith, neu dewch bob wythnos.",
		outcomes: ['reduced-symptoms', 'confidence-and-morale', 'seeing-people', 'dealing-with-stigma'],
		who: [['men'], ['men', 'mental_health']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening'
	},
	onlinePeer: {
		kind: 'peer_support', en: 'Online Peer Support Chat', cy: 'Sgwrs Cymorth gan Gymheiriaid Ar-lein',
		den: "A small, friendly online group where people share what's helping them get through. Hosted by trained peer supporters — join by video, or just type in the chat.",
		dcy: "Grŵp bach, cyfeillgar ar-lein lle mae pobl yn rhannu'r hyn sy'n eu helpu i ddod drwyddi. Yn cael ei gynnal gan gefnogwyr cymheiriaid hyfforddedig — ymunwch drwy fideo, neu teipiwch yn y sgwrs.",
		outcomes: ['reduced-symptoms', 'seeing-people', 'confidence-and-morale', 'dealing-with-stigma'],
		who: [['adults', 'mental_health'], ['adults']],
		access: ['self_referral'], attendance: ['online'],
		days: ['MO', 'TU', 'WE', 'TH', 'SU'], slot: 'evening'
	},
	anxietyPeer: {
		kind: 'peer_support', en: 'Anxiety and Low Mood Peer Group', cy: 'Grŵp Cymheiriaid Gorbryder a Hwyliau Isel',
		den: 'Meet others who know what anxiety and low mood feel like. We share tips, small wins and a bit of hope.',
		dcy: "Cwrdd ag eraill sy'n gwybod sut deimlad yw gorbryder a hwyliau isel. Rydyn ni'n rhannu syniadau, llwyddiannau bach ac ychydig o obaith.",
		outcomes: ['reduced-symptoms', 'confidence-and-morale', 'dealing-with-stigma', 'seeing-people'],
		who: [['adults', 'mental_health']],
		access: ['drop_in', 'self_referral'],
		days: WEEKDAYS, slot: 'afternoon'
	},
	creativeWellbeing: {
		kind: 'arts_and_crafts', en: 'Creative Wellbeing', cy: 'Lles Creadigol',
		den: 'Painting, collage, clay and writing for the joy of it — no art skills needed. Many people find it helps quiet a busy mind.',
		dcy: "Peintio, collage, clai ac ysgrifennu er mwyn y mwynhad — does dim angen sgiliau celf. Mae llawer o bobl yn gweld ei fod yn helpu i dawelu meddwl prysur.",
		outcomes: ['reduced-symptoms', 'things-to-do', 'confidence-and-morale', 'skills'],
		who: [['adults'], ['everyone'], ['adults', 'mental_health']],
		days: WEEKDAYS, slot: 'afternoon'
	},
	allotment: {
		kind: 'activity', en: 'Wellbeing Allotment', cy: 'Rhandir Lles',
		den: 'Grow vegetables and flowers with others on our allotment. Fresh air, gentle work and plenty of tea breaks.',
		dcy: "Tyfu llysiau a blodau gydag eraill ar ein rhandir. Awyr iach, gwaith ysgafn a digon o seibiannau paned.",
		outcomes: ['staying-well', 'things-to-do', 'reduced-symptoms', 'seeing-people'],
		days: ['TU', 'TH', 'SA'], slot: 'morning'
	},
	veteransBreakfast: {
		kind: 'peer_support', en: "Veterans' Breakfast Club", cy: 'Clwb Brecwast Cyn-filwyr',
		den: 'A full breakfast and good company for veterans of all ages and their families. Swap stories, hear about support, or just enjoy a brew.',
		dcy: "Brecwast llawn a chwmni da i gyn-filwyr o bob oed a'u teuluoedd. Rhannu straeon, clywed am gymorth, neu fwynhau paned.",
		outcomes: ['seeing-people', 'confidence-and-morale', 'dealing-with-stigma'],
		who: [['veterans'], ['veterans', 'families']],
		costs: [['low_cost', '£5 for breakfast', '£5 am frecwast']],
		days: ['SA', 'SU'], slot: 'morning', monthly: true
	},
	phoneBefriending: {
		kind: 'befriending', en: 'Telephone Befriending', cy: 'Cyfeillio dros y Ffôn',
		den: 'A friendly volunteer rings you once a week for a chat, at a time that suits you — to share news, talk about old times or just hear a friendly voice.',
		dcy: "Mae gwirfoddolwr cyfeillgar yn eich ffonio unwaith yr wythnos am sgwrs, ar amser sy'n gyfleus i chi — i rannu newyddion, siarad am yr hen ddyddiau neu glywed llais cyfeillgar.",
		outcomes: ['seeing-people', 'confidence-and-morale', 'feeling-safe'],
		who: [['older_people'], ['older_people', 'carers']],
		access: ['self_referral', 'referral'], attendance: ['online'],
		days: WEEKDAYS, slot: 'office', waitingList: true
	},
	homeBefriending: {
		kind: 'befriending', en: 'Home Visit Befriending', cy: 'Cyfeillio drwy Ymweld â Chartrefi',
		den: 'A volunteer visits you at home for an hour or two each week — for a cuppa, a game of cards or a trip to the shops together.',
		dcy: "Mae gwirfoddolwr yn ymweld â chi gartref am awr neu ddwy bob wythnos — am baned, gêm o gardiau neu daith i'r siopau gyda'ch gilydd.",
		outcomes: ['seeing-people', 'feeling-safe', 'living-as-i-want', 'things-to-do'],
		who: [['older_people'], ['older_people', 'people_with_dementia']],
		access: ['referral', 'self_referral'],
		days: WEEKDAYS, slot: 'office', waitingList: true
	},
	teaDance: {
		kind: 'activity', en: 'Tea Dance', cy: 'Te Dawns',
		den: 'Waltz, foxtrot or just tap your feet to the music. Tea and cake included, and no partner needed.',
		dcy: "Walts, ffocstrot neu dapio'ch traed i'r gerddoriaeth. Te a chacen wedi'u cynnwys, a does dim angen partner.",
		outcomes: ['seeing-people', 'things-to-do', 'mobility', 'staying-well'],
		who: [['older_people'], ['everyone']],
		costs: [['low_cost', '£3 including tea and cake', '£3 gan gynnwys te a chacen']],
		days: ['WE', 'TH', 'SU'], slot: 'afternoon', monthly: true
	},
	strengthBalance: {
		kind: 'exercise', en: 'Strength and Balance Class', cy: 'Dosbarth Cryfder a Chydbwysedd',
		den: 'Gentle exercises to help you feel steadier on your feet and keep doing the things you enjoy. Led by a qualified instructor.',
		dcy: "Ymarferion ysgafn i'ch helpu i deimlo'n fwy sicr ar eich traed a pharhau i wneud y pethau rydych chi'n eu mwynhau. Dan arweiniad hyfforddwr cymwys.",
		outcomes: ['mobility', 'staying-well', 'feeling-safe', 'confidence-and-morale'],
		who: [['older_people']],
		costs: [['low_cost', '£2.50 a class', '£2.50 y dosbarth'], ['free']],
		days: WEEKDAYS, slot: 'morning'
	},
	memoryCafe: {
		kind: 'peer_support', en: 'Memory Café', cy: 'Caffi Cof',
		den: 'A relaxed afternoon for people living with dementia and the people who care for them. Music, reminiscence, games and a friendly cup of tea.',
		dcy: "Prynhawn hamddenol i bobl sy'n byw gyda dementia a'r bobl sy'n gofalu amdanyn nhw. Cerddoriaeth, hel atgofion, gemau a phaned gyfeillgar.",
		outcomes: ['seeing-people', 'things-to-do', 'dealing-with-stigma', 'confidence-and-morale'],
		who: [['people_with_dementia', 'carers']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'afternoon', monthly: true
	},
	singing: {
		kind: 'activity', en: 'Singing for Wellbeing', cy: 'Canu er Lles',
		den: 'Warm-ups, breathing and favourite songs in a relaxed group. Good for the lungs, the mood and the memory.',
		dcy: "Cynhesu, anadlu a hoff ganeuon mewn grŵp hamddenol. Da i'r ysgyfaint, yr hwyliau a'r cof.",
		outcomes: ['reduced-symptoms', 'staying-well', 'seeing-people', 'things-to-do'],
		who: [['everyone'], ['older_people'], ['older_people', 'people_with_dementia']],
		costs: [['low_cost', '£2 a session', '£2 y sesiwn'], ['free']],
		days: WEEKDAYS, slot: 'afternoon'
	},
	artStudio: {
		kind: 'arts_and_crafts', en: 'Community Art Studio', cy: 'Stiwdio Gelf Gymunedol',
		den: 'Open studio time with paints, printing, textiles and clay. An artist is on hand with ideas and encouragement.',
		dcy: "Amser stiwdio agored gyda phaent, argraffu, tecstilau a chlai. Mae artist wrth law gyda syniadau ac anogaeth.",
		outcomes: ['things-to-do', 'skills', 'confidence-and-morale', 'reduced-symptoms'],
		costs: [['low_cost', '£3, materials included', "£3, deunyddiau wedi'u cynnwys"]],
		days: ['TU', 'WE', 'TH', 'SA'], slot: 'afternoon'
	},
	pottery: {
		kind: 'learning', en: 'Pottery for Beginners', cy: 'Crochenwaith i Ddechreuwyr',
		den: 'Six weeks to learn hand-building and the wheel, with time for glazing at the end. A small class of eight.',
		dcy: "Chwe wythnos i ddysgu adeiladu â llaw a defnyddio'r olwyn, gydag amser i wydro ar y diwedd. Dosbarth bach o wyth.",
		outcomes: ['skills', 'things-to-do', 'confidence-and-morale'],
		who: [['adults']],
		access: ['booking'],
		costs: [['paid', '£60 for six weeks, reduced price available', '£60 am chwe wythnos, pris gostyngol ar gael']],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening', course: true
	},
	openChoir: {
		kind: 'activity', en: 'Open Voices Choir', cy: 'Côr Lleisiau Agored',
		den: 'A friendly, no-audition choir singing pop, soul and show tunes. Come and have a go at a free taster session.',
		dcy: "Côr cyfeillgar heb glyweliad yn canu pop, soul a chaneuon sioe. Dewch i roi cynnig arni mewn sesiwn flasu am ddim.",
		outcomes: ['things-to-do', 'seeing-people', 'confidence-and-morale', 'reduced-symptoms'],
		who: [['adults'], ['everyone']],
		costs: [['low_cost', '£3 a week, first session free', "£3 yr wythnos, y sesiwn gyntaf am ddim"]],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening'
	},
	walkingFootball: {
		kind: 'exercise', en: 'Walking Football', cy: 'Pêl-droed Cerdded',
		den: 'All the fun of football at a walking pace — no running and no sliding tackles. A good way back into sport at any age.',
		dcy: "Holl hwyl pêl-droed ar gyflymder cerdded — dim rhedeg a dim taclo llithro. Ffordd dda o ddychwelyd i chwaraeon ar unrhyw oed.",
		outcomes: ['staying-well', 'mobility', 'seeing-people', 'confidence-and-morale'],
		who: [['adults'], ['men', 'older_people'], ['women']],
		costs: [['low_cost', '£3 a session', '£3 y sesiwn']],
		days: ['MO', 'WE', 'FR'], slot: 'morning'
	},
	seatedDance: {
		kind: 'exercise', en: 'Seated Dance and Movement', cy: 'Dawns a Symud ar Eistedd',
		den: "Move to music from every decade, sitting or standing — whatever feels right. Suits people living with dementia, Parkinson's or limited mobility, and the people who come with them.",
		dcy: "Symud i gerddoriaeth o bob degawd, yn eistedd neu'n sefyll — beth bynnag sy'n teimlo'n iawn. Addas i bobl sy'n byw gyda dementia, clefyd Parkinson neu symudedd cyfyngedig, a'r bobl sy'n dod gyda nhw.",
		outcomes: ['mobility', 'staying-well', 'reduced-symptoms', 'seeing-people'],
		who: [['disabled_people', 'people_with_dementia', 'older_people'], ['older_people']],
		costs: [['free'], ['low_cost', '£2, companions free', '£2, cymdeithion am ddim']],
		days: WEEKDAYS, slot: 'afternoon'
	},
	inclusiveCycling: {
		kind: 'exercise', en: 'Inclusive Cycling', cy: 'Beicio Cynhwysol',
		den: 'Adapted bikes, trikes and tandems so everyone can ride, whatever their ability. Our team helps you find the right bike.',
		dcy: "Beiciau, treiciau a thandemau wedi'u haddasu fel bod pawb yn gallu reidio, beth bynnag yw eu gallu. Mae ein tîm yn eich helpu i ddod o hyd i'r beic iawn.",
		outcomes: ['mobility', 'things-to-do', 'staying-well', 'confidence-and-morale'],
		who: [['disabled_people', 'neurodivergent'], ['everyone'], ['disabled_people', 'families']],
		access: ['booking', 'drop_in'],
		costs: [['low_cost', '£4, carers ride free', '£4, gofalwyr am ddim']],
		days: ['SA', 'SU', 'WE'], slot: 'morning'
	},
	couchTo5k: {
		kind: 'exercise', en: 'Couch to 5k Running Group', cy: "Grŵp Rhedeg o'r Soffa i 5k",
		den: 'Nine weeks from your first jog to 5k, with a friendly group cheering each other on. Complete beginners welcome.',
		dcy: "Naw wythnos o'ch loncian cyntaf i 5k, gyda grŵp cyfeillgar yn annog ei gilydd. Croeso i ddechreuwyr llwyr.",
		outcomes: ['staying-well', 'confidence-and-morale', 'reduced-symptoms', 'mobility'],
		who: [['adults'], ['women']],
		access: ['self_referral', 'drop_in'],
		days: ['MO', 'TU', 'WE', 'TH'], slot: 'evening', course: true
	},
	womenSwim: {
		kind: 'exercise', en: "Women's Swim Session", cy: 'Sesiwn Nofio i Fenywod',
		den: 'A relaxed women-only swim with female lifeguards and covered windows. Swim lengths or simply enjoy the water.',
		dcy: "Sesiwn nofio hamddenol i fenywod yn unig gydag achubwyr bywyd benywaidd a ffenestri wedi'u gorchuddio. Nofio hydoedd neu fwynhau'r dŵr.",
		outcomes: ['staying-well', 'mobility', 'feeling-safe', 'confidence-and-morale'],
		who: [['women']],
		costs: [['paid', '£4.20 a swim', '£4.20 y sesiwn']],
		days: ['SU', 'TU', 'TH'], slot: 'evening'
	},
	welcomeGroup: {
		kind: 'peer_support', en: 'Welcome Group for New Neighbours', cy: 'Grŵp Croeso i Gymdogion Newydd',
		den: 'A warm welcome for people who have recently arrived in Wales, including refugees and people seeking sanctuary. Tea, a shared meal and help finding your way around.',
		dcy: "Croeso cynnes i bobl sydd newydd gyrraedd Cymru, gan gynnwys ffoaduriaid a phobl sy'n ceisio noddfa. Te, pryd o fwyd gyda'n gilydd a help i ddod i adnabod yr ardal.",
		outcomes: ['seeing-people', 'feeling-safe', 'living-as-i-want', 'dealing-with-stigma'],
		who: [['refugees'], ['refugees', 'families']],
		languages: [['en', 'ar', 'uk'], ['en', 'ar', 'so'], ['en', 'uk', 'ro']],
		days: WEEKDAYS, slot: 'afternoon'
	},
	englishChat: {
		kind: 'learning', en: 'English Conversation Club', cy: 'Clwb Sgwrsio Saesneg',
		den: "Practise everyday English in a relaxed, friendly group. All levels are welcome — we talk about shopping, doctors, school and whatever you'd like.",
		dcy: "Ymarfer Saesneg bob dydd mewn grŵp hamddenol, cyfeillgar. Croeso i bob lefel — rydyn ni'n siarad am siopa, meddygon, ysgol a beth bynnag yr hoffech chi.",
		outcomes: ['skills', 'confidence-and-morale', 'seeing-people', 'living-as-i-want'],
		who: [['adults', 'refugees'], ['everyone']],
		languages: [['en'], ['en', 'ar'], ['en', 'pl', 'ro'], ['en', 'zh']],
		days: WEEKDAYS, slot: 'morning', twice: true
	},
	worldKitchen: {
		kind: 'lunch_club', en: 'World Kitchen Community Lunch', cy: 'Cinio Cymunedol Cegin y Byd',
		den: 'Each week a different volunteer cooks a dish from home — Syrian, Polish, Eritrean or Welsh. Pay what you can.',
		dcy: "Bob wythnos mae gwirfoddolwr gwahanol yn coginio pryd o'i famwlad — o Syria, Gwlad Pwyl, Eritrea neu Gymru. Talwch beth allwch chi.",
		outcomes: ['seeing-people', 'things-to-do', 'dealing-with-stigma', 'staying-well'],
		languages: [['en', 'ar'], ['en', 'pl', 'ar']],
		costs: [['low_cost', 'Pay what you can', 'Talwch beth allwch chi']],
		days: ['WE', 'TH', 'FR', 'SA'], slot: 'lunch'
	},
	settlingAdvice: {
		kind: 'advice', en: 'Settling In Advice', cy: 'Cyngor i Ymgartrefu',
		den: "Help with registering with a GP, school places, bank accounts and letters you're unsure about. Interpreters can be arranged.",
		dcy: "Help i gofrestru gyda meddyg teulu, lleoedd ysgol, cyfrifon banc a llythyrau rydych chi'n ansicr amdanyn nhw. Gallwn ni drefnu cyfieithwyr.",
		outcomes: ['living-as-i-want', 'feeling-safe', 'confidence-and-morale'],
		who: [['refugees']],
		languages: [['en', 'ar', 'uk', 'so'], ['en', 'ar', 'ur', 'bn'], ['en', 'pl', 'ro']],
		access: ['drop_in', 'booking'],
		days: WEEKDAYS, slot: 'morning'
	},
	sewingCircle: {
		kind: 'arts_and_crafts', en: "Women's Sewing Circle", cy: 'Cylch Gwnïo i Fenywod',
		den: 'Sew, chat and share skills with women from many backgrounds. Machines and fabric are provided, and little ones are welcome in the crèche.',
		dcy: "Gwnïo, sgwrsio a rhannu sgiliau gyda menywod o bob cefndir. Mae peiriannau a defnydd ar gael, ac mae croeso i'r rhai bach yn y crèche.",
		outcomes: ['seeing-people', 'skills', 'things-to-do', 'confidence-and-morale'],
		who: [['women'], ['women', 'refugees']],
		languages: [['en', 'ar', 'ur', 'bn'], ['en', 'pa', 'ur'], ['en', 'so', 'ar']],
		days: WEEKDAYS, slot: 'morning'
	},
	autisticSocial: {
		kind: 'peer_support', en: 'Autistic Adults Social Group', cy: 'Grŵp Cymdeithasol Oedolion Awtistig',
		den: "A calm, low-pressure social group run by and for autistic adults. Board games, shared interests and a quiet room if you need it. No need to talk if you'd rather not.",
		dcy: "Grŵp cymdeithasol tawel, heb bwysau, wedi'i redeg gan ac ar gyfer oedolion awtistig. Gemau bwrdd, diddordebau cyffredin ac ystafell dawel os oes angen. Does dim rhaid siarad os nad ydych chi eisiau.",
		outcomes: ['seeing-people', 'dealing-with-stigma', 'confidence-and-morale', 'things-to-do'],
		who: [['neurodivergent', 'adults']],
		access: ['self_referral', 'drop_in'],
		days: ['TU', 'WE', 'TH', 'SA'], slot: 'evening'
	},
	boardGames: {
		kind: 'activity', en: 'Board Games Night', cy: 'Noson Gemau Bwrdd',
		den: 'Hundreds of games to try and friendly people to explain them. Quiet tables available.',
		dcy: "Cannoedd o gemau i roi cynnig arnyn nhw a phobl gyfeillgar i'w hesbonio. Byrddau tawel ar gael.",
		outcomes: ['things-to-do', 'seeing-people'],
		costs: [['low_cost', '£2 donation', '£2 o rodd'], ['free']],
		days: ['TU', 'WE', 'TH', 'FR'], slot: 'evening'
	},
	deafSocial: {
		kind: 'peer_support', en: 'Deaf Social Club', cy: 'Clwb Cymdeithasol Pobl Fyddar',
		den: 'A monthly get-together in BSL for Deaf people, people who are hard of hearing and signers of any level. Food, quizzes and catching up.',
		dcy: "Cyfarfod misol yn BSL i bobl Fyddar, pobl sy'n drwm eu clyw ac arwyddwyr o unrhyw lefel. Bwyd, cwisiau a dal i fyny.",
		outcomes: ['seeing-people', 'dealing-with-stigma', 'things-to-do'],
		who: [['disabled_people'], ['everyone']],
		languages: [['bsl', 'en'], ['bsl']],
		days: ['FR', 'SA'], slot: 'evening', monthly: true
	},
	handyperson: {
		kind: 'practical_help', en: 'Handyperson Service', cy: 'Gwasanaeth Tasgmon',
		den: 'Small jobs around the home — grab rails, smoke alarms, curtain poles, key safes — so you can stay safe and independent. You pay only for materials.',
		dcy: "Mân swyddi o gwmpas y cartref — canllawiau, larymau mwg, polion llenni, blychau allweddi — fel y gallwch chi aros yn ddiogel ac yn annibynnol. Dim ond am y deunyddiau rydych chi'n talu.",
		outcomes: ['feeling-safe', 'living-as-i-want', 'mobility'],
		who: [['older_people', 'disabled_people']],
		access: ['booking', 'referral'],
		costs: [['low_cost', 'Materials only', 'Deunyddiau yn unig']],
		days: WEEKDAYS, slot: 'office'
	},
	gardenVolunteer: {
		kind: 'volunteering', en: 'Community Garden Volunteering', cy: 'Gwirfoddoli yn yr Ardd Gymunedol',
		den: "Help grow food and flowers for the neighbourhood. No gardening experience needed — there's always something to do, from planting to painting the shed.",
		dcy: "Helpwch i dyfu bwyd a blodau i'r gymdogaeth. Does dim angen profiad garddio — mae rhywbeth i'w wneud bob amser, o blannu i beintio'r sied.",
		outcomes: ['things-to-do', 'staying-well', 'seeing-people', 'skills'],
		days: ['TU', 'WE', 'SA'], slot: 'morning', twice: true
	},
	growVeg: {
		kind: 'learning', en: 'Grow Your Own Veg', cy: 'Tyfu Eich Llysiau Eich Hun',
		den: 'Learn to grow food in pots, raised beds or on an allotment, season by season. Take home seedlings to get you started.',
		dcy: "Dysgwch dyfu bwyd mewn potiau, gwelyau uchel neu ar randir, dymor wrth dymor. Ewch â phlanhigion bach adref i ddechrau arni.",
		outcomes: ['skills', 'things-to-do', 'staying-well'],
		access: ['booking', 'drop_in'],
		days: ['SA', 'WE'], slot: 'morning', monthly: true
	},
	vegShare: {
		kind: 'food_support', en: 'Veg Share', cy: 'Rhannu Llysiau',
		den: "Whatever we grow, we share. Pick up free seasonal fruit and veg from the garden — there's no need to have helped grow it.",
		dcy: "Beth bynnag rydyn ni'n ei dyfu, rydyn ni'n ei rannu. Casglwch ffrwythau a llysiau tymhorol am ddim o'r ardd — does dim rhaid eich bod wedi helpu i'w tyfu.",
		outcomes: ['living-as-i-want', 'staying-well', 'seeing-people'],
		days: ['SA', 'FR'], slot: 'morning'
	}
} satisfies Record<string, OfferTemplate>;

export type TemplateKey = keyof typeof offerTemplates;

// What each kind of group tends to run; the first is its signature offer.
type OrgType =
	| 'hub' | 'shed' | 'carers' | 'food' | 'walking' | 'welsh' | 'youth' | 'advice' | 'peer'
	| 'befriending' | 'arts' | 'sport' | 'welcome' | 'neuro' | 'garden';

export const orgTypes: Record<OrgType, { pool: TemplateKey[]; en: string; cy: string; venues: string[] }> = {
	hub: {
		pool: ['coffeeMorning', 'lunchClub', 'chairYoga', 'tabletHelp', 'repairCafe', 'cookBudget', 'bingo', 'knitNatter', 'welshChat', 'volunteerMatch', 'communityCar'],
		en: "A friendly community centre at the heart of {place}, run by local people for local people. There's usually a cuppa on and something going on — lunch clubs, classes, advice and a warm place to sit.",
		cy: "Canolfan gymunedol gyfeillgar yng nghanol {placeCy}, wedi'i rhedeg gan bobl leol ar gyfer pobl leol. Fel arfer mae paned ar y gweill a rhywbeth yn digwydd — clybiau cinio, dosbarthiadau, cyngor a lle cynnes i eistedd.",
		venues: ['{place} Community Centre', '{place} Community Hub', 'The Old Library', 'Memorial Hall']
	},
	shed: {
		pool: ['shedSessions', 'woodwork', 'shedTalk', 'bikeFix', 'repairCafe'],
		en: 'A community workshop where people make, mend and chat side by side. We believe everyone has skills to share, and a shed full of tools and tea is a good place to share them.',
		cy: "Gweithdy cymunedol lle mae pobl yn creu, trwsio a sgwrsio ochr yn ochr. Rydyn ni'n credu bod gan bawb sgiliau i'w rhannu, ac mae sied yn llawn offer a the yn lle da i'w rhannu nhw.",
		venues: ['The Shed', 'Unit 3, {place} Workshops', 'The Old Depot']
	},
	carers: {
		pool: ['carersCafe', 'carersOnline', 'carersAdvice', 'carersPamper', 'youngCarers', 'memoryCafe'],
		en: "Support by carers, for carers. We know how much you give, and we're here so that you get some time, information and company for yourself too.",
		cy: "Cymorth gan ofalwyr, i ofalwyr. Rydyn ni'n gwybod faint rydych chi'n ei roi, ac rydyn ni yma fel eich bod chi'n cael amser, gwybodaeth a chwmni i chi'ch hun hefyd.",
		venues: ["Carers' Centre", "St Mary's Church Hall", '{place} Library']
	},
	food: {
		pool: ['foodBank', 'pantry', 'communityMeal', 'foodAdvice', 'foodVolunteer', 'energyHelp'],
		en: 'We make sure nobody in our community goes without food, and we do it with dignity and a warm welcome. Alongside food, we can connect you with advice on money, housing and energy.',
		cy: "Rydyn ni'n sicrhau nad oes neb yn ein cymuned yn mynd heb fwyd, ac rydyn ni'n gwneud hynny gydag urddas a chroeso cynnes. Yn ogystal â bwyd, gallwn ni eich cysylltu â chyngor ar arian, tai ac ynni.",
		venues: ['Bethel Chapel Vestry', '{place} Baptist Church Hall', 'Unit 7, {place} Trading Estate', '{place} Community Centre']
	},
	walking: {
		pool: ['wellbeingWalks', 'buggyWalks', 'hillWalks', 'nordic', 'walkLeader', 'photoWalks'],
		en: 'Volunteer-led walks for every pace. Walking together is one of the simplest ways to feel better, meet people and get to know the paths on your doorstep.',
		cy: "Teithiau cerdded dan arweiniad gwirfoddolwyr ar gyfer pob cyflymder. Cerdded gyda'n gilydd yw un o'r ffyrdd symlaf o deimlo'n well, cwrdd â phobl a dod i adnabod y llwybrau ar garreg eich drws.",
		venues: ['Meeting point: {place} Park gates', 'Meeting point: {place} Leisure Centre car park', 'Meeting point: the café by the lake']
	},
	welsh: {
		pool: ['welshChat', 'welshLunch', 'welshChoir', 'welshYouth', 'welshBeginners', 'welshRhyme'],
		en: "Bringing people together through the Welsh language — whether you were raised with it, are learning it, or simply love to hear it. Croeso i bawb!",
		cy: "Dod â phobl at ei gilydd drwy'r Gymraeg — p'un a gawsoch chi eich magu â hi, eich bod yn ei dysgu, neu'n hoffi ei chlywed. Croeso i bawb!",
		venues: ['Neuadd y Pentref', 'Festri Capel Seion', 'Y Ganolfan', 'Neuadd y Gweithwyr']
	},
	youth: {
		pool: ['youthClub', 'lgbtqYouth', 'streetDance', 'homework', 'youthMentalHealth', 'youngCarers'],
		en: 'Youth work that starts from what young people care about. A safe, welcoming space to have fun, try new things and be heard.',
		cy: "Gwaith ieuenctid sy'n dechrau gyda'r hyn sy'n bwysig i bobl ifanc. Lle diogel a chroesawgar i gael hwyl, rhoi cynnig ar bethau newydd a chael eich clywed.",
		venues: ['{place} Youth Centre', 'The Hive', 'The Attic Youth Project']
	},
	advice: {
		pool: ['benefitsAdvice', 'housingAdvice', 'energyHelp', 'gettingOnline', 'formFilling', 'adviceRemote', 'volunteerMatch'],
		en: 'Free, independent and confidential advice on money, benefits, housing and more. We take the time to listen and work things out with you.',
		cy: "Cyngor am ddim, annibynnol a chyfrinachol ar arian, budd-daliadau, tai a mwy. Rydyn ni'n cymryd amser i wrando a datrys pethau gyda chi.",
		venues: ['{place} Advice Centre', '{place} Library', 'The Old Police Station']
	},
	peer: {
		pool: ['anxietyPeer', 'mensTalk', 'onlinePeer', 'creativeWellbeing', 'allotment', 'veteransBreakfast'],
		en: "Run by people with lived experience of mental health ups and downs. We believe in hope, in people's own strengths and in the power of being understood.",
		cy: "Wedi'i redeg gan bobl sydd â phrofiad bywyd o gyfnodau da a drwg gyda'u hiechyd meddwl. Rydyn ni'n credu mewn gobaith, yng nghryfderau pobl eu hunain ac yng ngrym cael eich deall.",
		venues: ['The Wellbeing Room, {place} Community Centre', 'Hope House', '{place} Resource Centre']
	},
	befriending: {
		pool: ['phoneBefriending', 'homeBefriending', 'teaDance', 'strengthBalance', 'memoryCafe', 'singing', 'lunchClub', 'communityCar'],
		en: 'Friendship and company for older people in our area. Our volunteers and members share cups of tea, stories and a lot of laughter.',
		cy: "Cyfeillgarwch a chwmni i bobl hŷn yr ardal. Mae ein gwirfoddolwyr a'n haelodau yn rhannu paneidiau, straeon a llawer o chwerthin.",
		venues: ["St John's Church Hall", '{place} Day Centre', 'Memorial Hall']
	},
	arts: {
		pool: ['artStudio', 'knitNatter', 'pottery', 'openChoir', 'photoWalks', 'creativeWellbeing'],
		en: 'A creative space for everyone, whatever your experience. Making things together builds confidence, friendships and pride in where we live.',
		cy: "Lle creadigol i bawb, beth bynnag yw eich profiad. Mae creu pethau gyda'n gilydd yn magu hyder, cyfeillgarwch a balchder yn y lle rydyn ni'n byw.",
		venues: ['The Studio', 'The Old Chapel', '{place} Arts Centre']
	},
	sport: {
		pool: ['walkingFootball', 'seatedDance', 'inclusiveCycling', 'couchTo5k', 'womenSwim', 'strengthBalance', 'nordic'],
		en: 'Friendly, affordable ways to move more, at your own pace. Our sessions are about enjoyment first — the fitness follows.',
		cy: "Ffyrdd cyfeillgar a fforddiadwy o symud mwy, ar eich cyflymder eich hun. Mwynhau sy'n dod gyntaf yn ein sesiynau — mae'r ffitrwydd yn dilyn.",
		venues: ['{place} Leisure Centre', '{place} Sports Hall', 'The 3G Pitch, {place} Park']
	},
	welcome: {
		pool: ['welcomeGroup', 'englishChat', 'worldKitchen', 'settlingAdvice', 'sewingCircle', 'gettingOnline'],
		en: 'Helping people who have made the area their new home to feel welcome, connected and confident. Many of our volunteers first came here as newcomers themselves.',
		cy: "Helpu pobl sydd wedi gwneud yr ardal yn gartref newydd i deimlo bod croeso iddyn nhw, eu bod yn perthyn ac yn hyderus. Daeth llawer o'n gwirfoddolwyr yma fel newydd-ddyfodiaid eu hunain.",
		venues: ['The Welcome Centre', '{place} Methodist Church Hall', '{place} Community Centre']
	},
	neuro: {
		pool: ['autisticSocial', 'boardGames', 'deafSocial', 'inclusiveCycling', 'creativeWellbeing', 'handyperson'],
		en: 'A community by and for disabled and neurodivergent people, their friends and families. Everything we do is designed to be relaxed, accessible and on your terms.',
		cy: "Cymuned gan ac ar gyfer pobl anabl a niwrowahanol, eu ffrindiau a'u teuluoedd. Mae popeth rydyn ni'n ei wneud wedi'i gynllunio i fod yn hamddenol, yn hygyrch ac ar eich telerau chi.",
		venues: ['The Quiet Room, {place} Community Centre', 'Access House', '{place} Library']
	},
	garden: {
		pool: ['gardenVolunteer', 'allotment', 'growVeg', 'vegShare', 'wellbeingWalks'],
		en: 'A community garden where neighbours grow food, flowers and friendships. Come and get your hands dirty, or just sit and enjoy it.',
		cy: "Gardd gymunedol lle mae cymdogion yn tyfu bwyd, blodau a chyfeillgarwch. Dewch i faeddu eich dwylo, neu eisteddwch a mwynhau.",
		venues: ['{place} Community Garden', 'The Walled Garden', '{place} Allotments']
	}
};

// ---------------------------------------------------------------------------------------------
// Where: neighbourhoods of South Wales, each in a postcode district (centroids come from the DB)
// ---------------------------------------------------------------------------------------------

interface Place {
	outcode: string;
	en: string;
	cy: string;
	/** Post town, for the address. */
	town: string;
	streets: string[];
}

const P = (outcode: string, en: string, cy: string, town: string, streets: string[]): Place => ({ outcode, en, cy, town, streets });

const places = {
	butetown: P('CF10', 'Butetown', 'Butetown', 'Cardiff', ['Bute Street', 'Loudoun Square', 'James Street']),
	cardiffBay: P('CF10', 'Cardiff Bay', 'Bae Caerdydd', 'Cardiff', ['Stuart Street', 'Mount Stuart Square', 'Heol y Frenhines']),
	grangetown: P('CF11', 'Grangetown', 'Grangetown', 'Cardiff', ['Clive Street', 'Corporation Road', 'Penarth Road']),
	canton: P('CF11', 'Canton', 'Treganna', 'Cardiff', ['Cowbridge Road East', 'Llandaff Road', 'Severn Road']),
	riverside: P('CF11', 'Riverside', 'Glan-yr-afon', 'Cardiff', ['Lower Cathedral Road', 'Despenser Street', 'Neville Street']),
	rhiwbina: P('CF14', 'Rhiwbina', 'Rhiwbeina', 'Cardiff', ['Heol-y-Deri', 'Lon-y-Dail', 'Beulah Road']),
	whitchurch: P('CF14', 'Whitchurch', 'Yr Eglwys Newydd', 'Cardiff', ['Merthyr Road', 'Park Road', 'Penlline Road']),
	llanishen: P('CF14', 'Llanishen', 'Llanisien', 'Cardiff', ['Station Road', 'Fidlas Road', 'Ty Glas Avenue']),
	pentyrch: P('CF15', 'Pentyrch', 'Pentyrch', 'Cardiff', ['Heol y Pentre', 'Church Road']),
	pentwyn: P('CF23', 'Pentwyn', 'Pentwyn', 'Cardiff', ['Pentwyn Drive', 'Bryn Celyn Road', 'Brynfedw']),
	llanedeyrn: P('CF23', 'Llanedeyrn', 'Llanedern', 'Cardiff', ['Roundwood', 'Maelfa', 'Llanedeyrn Road']),
	splott: P('CF24', 'Splott', 'Sblot', 'Cardiff', ['Splott Road', 'Carlisle Street', 'Railway Street']),
	adamsdown: P('CF24', 'Adamsdown', 'Adamsdown', 'Cardiff', ['Clifton Street', 'Adamsdown Square', 'Metal Street']),
	roath: P('CF24', 'Roath', 'Y Rhath', 'Cardiff', ['Albany Road', 'Wellfield Road', 'City Road']),
	cathays: P('CF24', 'Cathays', 'Cathays', 'Cardiff', ['Crwys Road', 'Cathays Terrace', 'Woodville Road']),
	llanrumney: P('CF3', 'Llanrumney', 'Llanrhymni', 'Cardiff', ['Countisbury Avenue', 'Ball Road']),
	stMellons: P('CF3', 'St Mellons', 'Llaneirwg', 'Cardiff', ['Crickhowell Road', 'Willowbrook Drive', 'Newport Road']),
	ely: P('CF5', 'Ely', 'Trelái', 'Cardiff', ['Grand Avenue', 'Cowbridge Road West', 'Wilson Road']),
	fairwater: P('CF5', 'Fairwater', 'Y Tyllgoed', 'Cardiff', ['Fairwater Road', 'Doyle Avenue', 'Plasmawr Road']),
	llandaff: P('CF5', 'Llandaff', 'Llandaf', 'Cardiff', ['High Street', 'Cardiff Road', 'Heol Fair']),
	swansea: P('SA1', 'Swansea', 'Abertawe', 'Swansea', ['Kingsway', 'Oxford Street', 'High Street']),
	sandfields: P('SA1', 'Sandfields', 'Sandfields', 'Swansea', ["St Helen's Road", 'Madoc Street', 'Oystermouth Road']),
	stThomas: P('SA1', 'St Thomas', 'San Tomos', 'Swansea', ['Port Tennant Road', 'Danygraig Road', 'Miers Street']),
	townhill: P('SA1', 'Townhill', 'Townhill', 'Swansea', ['Townhill Road', 'Gwent Road', 'Graiglwyd Square']),
	sketty: P('SA2', 'Sketty', 'Sgeti', 'Swansea', ['Gower Road', 'Dillwyn Road', 'Vivian Road']),
	uplands: P('SA2', 'Uplands', 'Uplands', 'Swansea', ['Walter Road', 'Uplands Crescent', 'Gwydr Square']),
	mumbles: P('SA3', 'Mumbles', 'Y Mwmbwls', 'Swansea', ['Newton Road', 'Mumbles Road', 'Castle Avenue']),
	gorseinon: P('SA4', 'Gorseinon', 'Gorseinon', 'Swansea', ['High Street', 'West Street', 'Lime Street']),
	pontarddulais: P('SA4', 'Pontarddulais', 'Pontarddulais', 'Swansea', ['St Teilo Street', 'Water Street']),
	penlan: P('SA5', 'Penlan', 'Penlan', 'Swansea', ['Heol Frank', 'Penlan Crescent', 'Heol Gwyrosydd']),
	fforestfach: P('SA5', 'Fforestfach', 'Fforest-fach', 'Swansea', ['Carmarthen Road', 'Ravenhill Road']),
	morriston: P('SA6', 'Morriston', 'Treforys', 'Swansea', ['Woodfield Street', 'Clase Road', 'Sway Road']),
	clydach: P('SA6', 'Clydach', 'Clydach', 'Swansea', ['High Street', 'Vardre Road', 'Hebron Road']),
	llansamlet: P('SA7', 'Llansamlet', 'Llansamlet', 'Swansea', ['Peniel Green Road', 'Trallwn Road']),
	bonymaen: P('SA7', 'Bonymaen', 'Bon-y-maen', 'Swansea', ['Bonymaen Road', 'Cefn Hengoed Road']),
	pontardawe: P('SA8', 'Pontardawe', 'Pontardawe', 'Swansea', ['Herbert Street', 'Holly Street', 'Heol y Graig']),
	ystradgynlais: P('SA9', 'Ystradgynlais', 'Ystradgynlais', 'Swansea', ['Commercial Street', 'Temperance Street', 'Station Road']),
	rogerstone: P('NP10', 'Rogerstone', 'Tŷ-du', 'Newport', ['Tregwilym Road', 'Cefn Road', 'Pontymason Lane']),
	duffryn: P('NP10', 'Duffryn', 'Dyffryn', 'Newport', ['Lighthouse Road', 'Frobisher Road']),
	maindee: P('NP19', 'Maindee', 'Maendy', 'Newport', ['Chepstow Road', 'Duckpool Road', 'Church Road']),
	lliswerry: P('NP19', 'Lliswerry', 'Llyswyry', 'Newport', ['Nash Road', 'Lliswerry Road', 'Corporation Road']),
	pill: P('NP20', 'Pill', 'Pill', 'Newport', ['Commercial Road', 'Alexandra Road', 'Ruperra Street']),
	newport: P('NP20', 'Newport', 'Casnewydd', 'Newport', ['Commercial Street', 'Skinner Street', 'High Street']),
	bettws: P('NP20', 'Bettws', 'Betws', 'Newport', ['Monnow Way', 'Bettws Lane']),
	pontypridd: P('CF37', 'Pontypridd', 'Pontypridd', 'Pontypridd', ['Taff Street', 'Mill Street', 'Gelliwastad Road']),
	trallwng: P('CF37', 'Trallwng', 'Trallwng', 'Pontypridd', ['Berw Road', 'Tyfica Road']),
	tonypandy: P('CF40', 'Tonypandy', 'Tonypandy', 'Tonypandy', ['Dunraven Street', 'De Winton Street', 'Primrose Street']),
	penygraig: P('CF40', 'Penygraig', 'Pen-y-graig', 'Tonypandy', ['Tylacelyn Road', 'Hughes Street']),
	ystrad: P('CF41', 'Ystrad', 'Ystrad', 'Pentre', ['Gelligaled Road', 'Tyntyla Road']),
	treorchy: P('CF42', 'Treorchy', 'Treorci', 'Treorchy', ['Bute Street', 'Station Road', 'High Street']),
	ferndale: P('CF43', 'Ferndale', 'Glynrhedynog', 'Ferndale', ['High Street', 'Duffryn Street', 'Strand Street']),
	maerdy: P('CF43', 'Maerdy', 'Y Maerdy', 'Ferndale', ['Maerdy Road', 'Ceridwen Street']),
	aberdare: P('CF44', 'Aberdare', 'Aberdâr', 'Aberdare', ['Cardiff Street', 'Commercial Street', 'Canon Street']),
	hirwaun: P('CF44', 'Hirwaun', 'Hirwaun', 'Aberdare', ['High Street', 'Brecon Road']),
	merthyr: P('CF47', 'Merthyr Tydfil', 'Merthyr Tudful', 'Merthyr Tydfil', ['High Street', 'Glebeland Street', 'Pontmorlais']),
	dowlais: P('CF48', 'Dowlais', 'Dowlais', 'Merthyr Tydfil', ['Church Street', 'Victoria Street', 'Market Street']),
	gurnos: P('CF47', 'Gurnos', 'Y Gurnos', 'Merthyr Tydfil', ['Gurnos Road', 'Tudor Terrace']),
	troedyrhiw: P('CF48', 'Troedyrhiw', 'Troed-y-rhiw', 'Merthyr Tydfil', ['Bridge Street', 'Cardiff Road']),
	tredegar: P('NP22', 'Tredegar', 'Tredegar', 'Tredegar', ['Morgan Street', 'Castle Street', 'Commercial Street']),
	ebbwVale: P('NP23', 'Ebbw Vale', 'Glynebwy', 'Ebbw Vale', ['Bethcar Street', 'Libanus Road', 'Church Street']),
	pontypool: P('NP4', 'Pontypool', 'Pont-y-pŵl', 'Pontypool', ['Osborne Road', 'Commercial Street', 'Crane Street']),
	blaenavon: P('NP4', 'Blaenavon', 'Blaenafon', 'Pontypool', ['Broad Street', 'High Street', 'King Street']),
	bargoed: P('CF81', 'Bargoed', 'Bargod', 'Bargoed', ['Hanbury Road', 'High Street', 'Cardiff Road']),
	ystradMynach: P('CF82', 'Ystrad Mynach', 'Ystrad Mynach', 'Hengoed', ['Bedwlwyn Road', 'Pengam Road', 'Caerphilly Road']),
	caerphilly: P('CF83', 'Caerphilly', 'Caerffili', 'Caerphilly', ['Cardiff Road', 'Castle Street', 'Pentrebane Street']),
	senghenydd: P('CF83', 'Senghenydd', 'Senghennydd', 'Caerphilly', ['Commercial Street', 'High Street']),
	neath: P('SA11', 'Neath', 'Castell-nedd', 'Neath', ['Windsor Road', 'Victoria Gardens', 'Orchard Street']),
	britonFerry: P('SA11', 'Briton Ferry', 'Llansawel', 'Neath', ['Neath Road', 'Villiers Street']),
	portTalbot: P('SA13', 'Port Talbot', 'Port Talbot', 'Port Talbot', ['Station Road', 'Forge Road', 'Talbot Road']),
	taibach: P('SA13', 'Taibach', 'Tai-bach', 'Port Talbot', ['Commercial Road', 'Ynys Street'])
} satisfies Record<string, Place>;

type PlaceKey = keyof typeof places;

interface OrgSpec {
	name: string;
	cy?: string;
	at: PlaceKey;
	type: OrgType;
	/** The group's signature offer, if not its type's first. */
	lead?: TemplateKey;
	/** Also meets here (a second location). */
	also?: PlaceKey;
	/** Awaiting moderation: hidden from the public, to show unpublished groups stay hidden. */
	pending?: true;
	charity?: true;
}

// The groups. Invented names; any likeness to a real group is a coincidence of place names.
const groups: OrgSpec[] = [
	// Cardiff
	{ name: "Grangetown Men's Shed", cy: 'Sied Dynion Grangetown', at: 'grangetown', type: 'shed', charity: true },
	{ name: 'Butetown Community Kitchen', at: 'butetown', type: 'food', lead: 'communityMeal', charity: true },
	{ name: 'Splott Community Food Hub', at: 'splott', type: 'food', lead: 'pantry' },
	{ name: "Cardiff Carers' Network", cy: 'Rhwydwaith Gofalwyr Caerdydd', at: 'whitchurch', type: 'carers', also: 'llanishen', charity: true },
	{ name: 'Ely and Caerau Community Hub', cy: 'Hyb Cymunedol Trelái a Chaerau', at: 'ely', type: 'hub', charity: true },
	{ name: 'Llanrumney Strollers', at: 'llanrumney', type: 'walking' },
	{ name: "Roath Makers' Collective", at: 'roath', type: 'arts' },
	{ name: 'Cathays Youth Project', at: 'cathays', type: 'youth', lead: 'lgbtqYouth', charity: true },
	{ name: 'Clwb Cymraeg Treganna', cy: 'Clwb Cymraeg Treganna', at: 'canton', type: 'welsh' },
	{ name: 'Pentwyn Advice Point', cy: 'Pwynt Cyngor Pentwyn', at: 'pentwyn', type: 'advice', charity: true },
	{ name: 'Rhiwbina Friends Together', at: 'rhiwbina', type: 'befriending' },
	{ name: 'Cardiff Bay Wellbeing Collective', at: 'cardiffBay', type: 'peer', lead: 'onlinePeer' },
	{ name: 'Grangetown Welcome Project', at: 'grangetown', type: 'welcome', charity: true },
	{ name: 'St Mellons Community Garden', cy: 'Gardd Gymunedol Llaneirwg', at: 'stMellons', type: 'garden' },
	{ name: "Adamsdown Older People's Forum", at: 'adamsdown', type: 'befriending', lead: 'teaDance' },
	{ name: 'Fairwater Active Together', at: 'fairwater', type: 'sport' },
	{ name: 'Llanishen Memory Friends', at: 'llanishen', type: 'befriending', lead: 'memoryCafe' },
	{ name: 'Cardiff Autistic Adults Network', at: 'cathays', type: 'neuro', charity: true },
	{ name: 'Riverside Food Bank', at: 'riverside', type: 'food', pending: true },
	{ name: 'Whitchurch Open Voices', at: 'whitchurch', type: 'arts', lead: 'openChoir' },
	{ name: 'Pentyrch Walking Group', cy: 'Grŵp Cerdded Pentyrch', at: 'pentyrch', type: 'walking', lead: 'hillWalks' },
	{ name: 'Llandaff Repair Café', at: 'llandaff', type: 'hub', lead: 'repairCafe', pending: true },
	{ name: 'Llanedeyrn Family Centre', at: 'llanedeyrn', type: 'hub', lead: 'cookBudget', also: 'pentwyn' },
	// Swansea
	{ name: "Swansea Carers' Café", cy: 'Caffi Gofalwyr Abertawe', at: 'swansea', type: 'carers', charity: true },
	{ name: 'Clwb Cinio Treforys', cy: 'Clwb Cinio Treforys', at: 'morriston', type: 'welsh', lead: 'welshLunch' },
	{ name: "Morriston Men's Shed", cy: 'Sied Dynion Treforys', at: 'morriston', type: 'shed' },
	{ name: 'Sandfields Community Food Bank', at: 'sandfields', type: 'food', also: 'stThomas', charity: true },
	{ name: 'Penlan Youth Club', cy: 'Clwb Ieuenctid Penlan', at: 'penlan', type: 'youth' },
	{ name: 'Sketty Friendship Group', at: 'sketty', type: 'befriending' },
	{ name: 'Mumbles Walking for Wellbeing', at: 'mumbles', type: 'walking' },
	{ name: 'Gorseinon Community Hub', cy: 'Hyb Cymunedol Gorseinon', at: 'gorseinon', type: 'hub', charity: true },
	{ name: 'Swansea Peer Support Collective', at: 'swansea', type: 'peer', charity: true },
	{ name: 'St Thomas Advice Centre', cy: 'Canolfan Gyngor San Tomos', at: 'stThomas', type: 'advice' },
	{ name: 'Llansamlet Active Living', at: 'llansamlet', type: 'sport' },
	{ name: 'Cymdeithas Gymraeg Pontardawe', cy: 'Cymdeithas Gymraeg Pontardawe', at: 'pontardawe', type: 'welsh' },
	{ name: "Ystradgynlais Men's Shed", cy: 'Sied Dynion Ystradgynlais', at: 'ystradgynlais', type: 'shed', pending: true },
	{ name: 'Uplands Arts Space', at: 'uplands', type: 'arts' },
	{ name: 'Swansea Welcome Hub', at: 'townhill', type: 'welcome', also: 'swansea', charity: true },
	{ name: 'Clydach Community Garden', cy: 'Gardd Gymunedol Clydach', at: 'clydach', type: 'garden' },
	{ name: 'Bonymaen Together', at: 'bonymaen', type: 'hub', lead: 'bingo' },
	{ name: 'Fforestfach Memory Matters', at: 'fforestfach', type: 'carers', lead: 'memoryCafe' },
	{ name: 'Pontarddulais Walkers', cy: 'Cerddwyr Pontarddulais', at: 'pontarddulais', type: 'walking', lead: 'hillWalks' },
	// Newport
	{ name: 'Maindee Community Pantry', at: 'maindee', type: 'food', lead: 'pantry' },
	{ name: 'Pill Youth and Community Project', at: 'pill', type: 'youth', charity: true },
	{ name: "Newport Carers' Network", cy: 'Rhwydwaith Gofalwyr Casnewydd', at: 'newport', type: 'carers' },
	{ name: 'Lliswerry Active Together', at: 'lliswerry', type: 'sport' },
	{ name: 'Bettws Community Centre', at: 'bettws', type: 'hub' },
	{ name: "Rogerstone Men's Shed", at: 'rogerstone', type: 'shed' },
	{ name: 'Newport Welcome Network', at: 'newport', type: 'welcome', also: 'maindee', charity: true },
	{ name: 'Newport Peer Support Circle', at: 'maindee', type: 'peer', lead: 'mensTalk' },
	{ name: 'Duffryn Neighbours', at: 'duffryn', type: 'befriending', lead: 'phoneBefriending' },
	// The valleys
	{ name: 'Pontypridd Community Hub', cy: 'Hyb Cymunedol Pontypridd', at: 'pontypridd', type: 'hub', also: 'trallwng', charity: true },
	{ name: 'Rhondda Walking for Wellbeing', cy: 'Cerdded er Lles y Rhondda', at: 'tonypandy', type: 'walking' },
	{ name: 'Cylch Cymraeg Treorci', cy: 'Cylch Cymraeg Treorci', at: 'treorchy', type: 'welsh', lead: 'welshChoir' },
	{ name: 'Ferndale Food Bank', cy: 'Banc Bwyd Glynrhedynog', at: 'ferndale', type: 'food', also: 'maerdy', charity: true },
	{ name: "Ystrad Carers' Circle", at: 'ystrad', type: 'carers' },
	{ name: "Aberdare Men's Shed", cy: 'Sied Dynion Aberdâr', at: 'aberdare', type: 'shed' },
	{ name: 'Cynon Valley Peer Support', cy: 'Cymorth gan Gymheiriaid Cwm Cynon', at: 'hirwaun', type: 'peer', charity: true },
	{ name: 'Merthyr Tydfil Youth Hub', cy: 'Hyb Ieuenctid Merthyr Tudful', at: 'merthyr', type: 'youth', charity: true },
	{ name: 'Gurnos Community Kitchen', at: 'gurnos', type: 'food', lead: 'communityMeal' },
	{ name: 'Dowlais Befriending Scheme', at: 'dowlais', type: 'befriending', also: 'troedyrhiw' },
	{ name: 'Tredegar Arts Collective', at: 'tredegar', type: 'arts', pending: true },
	{ name: 'Ebbw Vale Advice Centre', cy: 'Canolfan Gyngor Glynebwy', at: 'ebbwVale', type: 'advice', charity: true },
	{ name: 'Blaenavon Walking Group', cy: 'Grŵp Cerdded Blaenafon', at: 'blaenavon', type: 'walking', lead: 'hillWalks' },
	{ name: 'Pontypool Active Ageing', at: 'pontypool', type: 'sport', lead: 'strengthBalance' },
	{ name: 'Bargoed Community Hub', cy: 'Hyb Cymunedol Bargod', at: 'bargoed', type: 'hub' },
	{ name: 'Caerphilly County Carers', cy: 'Gofalwyr Sir Caerffili', at: 'ystradMynach', type: 'carers', charity: true },
	{ name: "Caerphilly Men's Shed", at: 'caerphilly', type: 'shed' },
	{ name: 'Senghenydd Community Garden', cy: 'Gardd Gymunedol Senghennydd', at: 'senghenydd', type: 'garden' },
	{ name: 'Neath Advice and Wellbeing', cy: 'Cyngor a Lles Castell-nedd', at: 'neath', type: 'advice', charity: true },
	{ name: 'Briton Ferry Youth Club', at: 'britonFerry', type: 'youth' },
	{ name: 'Port Talbot Peer Support', at: 'portTalbot', type: 'peer', lead: 'veteransBreakfast' },
	{ name: 'Taibach Community Hub', at: 'taibach', type: 'hub' },
	{ name: 'Clwb Cymraeg Aberdâr', cy: 'Clwb Cymraeg Aberdâr', at: 'aberdare', type: 'welsh', lead: 'welshRhyme' },
	{ name: 'Rhondda Access Network', at: 'penygraig', type: 'neuro', lead: 'inclusiveCycling' },
	{ name: 'Caerphilly Welcome Group', at: 'caerphilly', type: 'welcome', lead: 'englishChat' }
];

const scheduleNotes: [string, string][] = [
	['Not in August', 'Dim ym mis Awst'],
	['Not on bank holidays', 'Dim ar wyliau banc'],
	['Term time only', 'Yn ystod y tymor ysgol yn unig'],
	['Closed over Christmas and New Year', "Ar gau dros y Nadolig a'r Flwyddyn Newydd"],
	['It helps to ring ahead the first time', "Mae'n help i ffonio ymlaen llaw y tro cyntaf"],
	['Doors open 15 minutes early for a cuppa', "Mae'r drysau'n agor chwarter awr yn gynnar am baned"]
];

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

const fill = (text: string, place: { en: string; cy: string }) =>
	text.replaceAll('{place}', place.en).replaceAll('{placeCy}', place.cy);

const slug = (s: string) =>
	s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const DAY_ORDER: Day[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const byWeekday = (a: Day, b: Day) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b);

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Opening and closing times for a slot, between 09:00 and 21:00. */
export function slotTimes(rng: Rng, slot: Slot): [string, string] {
	const [starts, lengths] = {
		morning: [[540, 570, 600, 630], [90, 120, 150]],
		lunch: [[690, 720, 750], [90, 120]],
		afternoon: [[780, 810, 840], [90, 120, 150]],
		evening: [[1080, 1110, 1140], [90, 120]],
		day: [[540, 570, 600], [300, 360]],
		office: [[540, 570], [420, 450, 480]]
	}[slot] as [number[], number[]];
	const open = pick(rng, starts);
	const close = Math.min(open + pick(rng, lengths), 21 * 60);
	return [hhmm(open), hhmm(close)];
}

export interface ScheduleRow {
	freq: 'WEEKLY' | 'MONTHLY';
	interval: number;
	byday: string[];
	opens_at: string;
	closes_at: string;
	valid_from: string | null;
	valid_to: string | null;
	note_en: string | null;
	note_cy: string | null;
}

/** One or two schedule rows for an offer made from a template. */
export function makeSchedules(rng: Rng, t: OfferTemplate, { notes = true } = {}): ScheduleRow[] {
	const rows: ScheduleRow[] = [];
	const [opens, closes] = slotTimes(rng, t.slot);
	let validFrom: string | null = null;
	let validTo: string | null = null;
	if (t.course) {
		const start = DEMO_REFERENCE_DATE - int(rng, 0, 35) * DAY_MS;
		validFrom = dateOnly(start);
		validTo = dateOnly(start + int(rng, 6, 10) * 7 * DAY_MS);
	}
	const note = notes && rng() < 0.15 ? pick(rng, scheduleNotes) : null;
	if (t.slot === 'office') {
		// Services open through the working week (befriending calls, advice lines, bookings).
		const byday = rng() < 0.6 ? WEEKDAYS : pickSome(rng, WEEKDAYS, 3).sort(byWeekday);
		rows.push({ freq: 'WEEKLY', interval: 1, byday, opens_at: opens, closes_at: closes, valid_from: null, valid_to: null, note_en: note?.[0] ?? null, note_cy: note?.[1] ?? null });
		return rows;
	}
	if (t.monthly) {
		const ordinal = pick(rng, [1, 1, 2, 3, 4, -1, -1]);
		rows.push({ freq: 'MONTHLY', interval: 1, byday: [`${ordinal}${pick(rng, t.days)}`], opens_at: opens, closes_at: closes, valid_from: validFrom, valid_to: validTo, note_en: note?.[0] ?? null, note_cy: note?.[1] ?? null });
		return rows;
	}
	const days = pickSome(rng, t.days, t.twice && rng() < 0.4 ? 2 : 1).sort(byWeekday);
	const interval = !t.course && rng() < 0.06 ? 2 : 1; // fortnightly
	rows.push({ freq: 'WEEKLY', interval, byday: days, opens_at: opens, closes_at: closes, valid_from: validFrom, valid_to: validTo, note_en: note?.[0] ?? null, note_cy: note?.[1] ?? null });
	// Now and then a second, different session (a morning group that also meets one evening).
	const others = t.days.filter((d) => !days.includes(d));
	if (!t.course && others.length && rng() < 0.12) {
		const [o2, c2] = slotTimes(rng, t.slot === 'evening' ? 'afternoon' : 'evening');
		rows.push({ freq: 'WEEKLY', interval: 1, byday: [pick(rng, others)], opens_at: o2, closes_at: c2, valid_from: null, valid_to: null, note_en: null, note_cy: null });
	}
	return rows;
}

/** The template's first outcome, then up to three more of those that fit (1–4 in all). */
export function pickOutcomes(rng: Rng, t: OfferTemplate): OutcomeId[] {
	const [first, ...rest] = t.outcomes;
	const r = rng();
	const n = Math.min(t.outcomes.length, r < 0.1 ? 1 : r < 0.45 ? 2 : r < 0.8 ? 3 : 4);
	return [first!, ...pickSome(rng, rest, n - 1)];
}

const FEATURES_EXTRA: Accessibility[] = ['hearing_loop', 'parking', 'quiet_space', 'baby_change'];
export function pickAccessibility(rng: Rng): Accessibility[] {
	const out: Accessibility[] = [];
	if (rng() < 0.5) out.push('wheelchair', 'step_free', 'accessible_toilet');
	else if (rng() < 0.4) out.push('step_free');
	for (const f of FEATURES_EXTRA) if (rng() < 0.25) out.push(f);
	return out;
}

export interface District {
	outcode: string;
	lat: number;
	lng: number;
	town: string;
	region: string;
	country?: string;
}

type Row = Record<string, unknown>;

/** Multi-row parameterised inserts, chunked to stay well under Postgres's 65,535 parameters. */
async function insertRows(tx: Tx, table: string, rows: Row[], casts: Record<string, string> = {}) {
	if (!rows.length) return;
	const columns = Object.keys(rows[0]!);
	const perStatement = Math.floor(30_000 / columns.length);
	for (let start = 0; start < rows.length; start += perStatement) {
		const params: unknown[] = [];
		const tuples = rows.slice(start, start + perStatement).map((row) => {
			const slots = columns.map((column) => {
				params.push(row[column] ?? null);
				return `$${params.length}${casts[column] ? `::${casts[column]}` : ''}`;
			});
			return `(${slots.join(', ')})`;
		});
		await tx.query(`insert into public.${table} (${columns.join(', ')}) values ${tuples.join(',\n')}`, params);
	}
}

export interface DemoSeedResult {
	/** Groups inserted (including the few left pending). */
	organisations: number;
	/** Offers inserted (including the few draft and archived ones). */
	offers: number;
	/** Offers the public can find: published, from a published group. */
	publishedOffers: number;
	pendingOrganisations: number;
	hiddenOffers: number;
	/** Demo peer supporters (most shown; one awaiting a renewed check). */
	peerSupporters: number;
	/** The synthetic three-year history behind the planning dashboards (demo-history.ts). */
	history: { journeys: number; conversations: number; signposts: number; feedback: number };
}

/** Inserts the demonstration data inside an existing service-role transaction. */
export async function insertDemoData(tx: Tx): Promise<DemoSeedResult> {
	const [present] = await tx.query<{ present: boolean }>(
		'select exists (select 1 from public.organisations where is_demo) as present'
	);
	if (present?.present) throw new Error('Demonstration data is already present; remove it first (npm run seed -- --reset).');

	const outcodes = [...new Set(Object.values(places).map((p) => p.outcode))];
	const found = await tx.query<District>(
		'select outcode, lat, lng, town, region from public.postcode_districts where outcode = any($1::text[])',
		[outcodes]
	);
	const districts = new Map(found.map((d) => [d.outcode, d]));
	const missing = outcodes.filter((o) => !districts.has(o));
	if (missing.length) throw new Error(`Postcode districts missing from postcode_districts: ${missing.join(', ')}`);

	const rng = mulberry32(0x5eed_2026);
	const ids = mulberry32(0xdeb0_0001);
	// Ofcom's numbers for drama: 029 2018 0000–0999 (Cardiff) and 01632 960000–960999 (elsewhere).
	let cardiffCalls = 0;
	let otherCalls = 0;
	const ofcom = (n: number) => String((100 + 7 * n) % 1000).padStart(3, '0');
	const phoneFor = (p: Place) =>
		p.town === 'Cardiff' ? `029 2018 0${ofcom(cardiffCalls++)}` : `01632 960${ofcom(otherCalls++)}`;

	const orgRows: Row[] = [];
	const locationRows: Row[] = [];
	const offerRows: Row[] = [];
	const outcomeRows: Row[] = [];
	const offerLocationRows: Row[] = [];
	const scheduleRows: Row[] = [];
	let offerIndex = 0;
	let publishedOffers = 0;
	let hiddenOffers = 0;

	const makeLocation = (orgId: string, place: Place, type: OrgType) => {
		const d = districts.get(place.outcode)!;
		const { lat, lng } = jitter(rng, d.lat, d.lng, 1.5);
		const venue = fill(pick(rng, orgTypes[type].venues), place);
		const street = pick(rng, place.streets);
		const onStreet = rng() < 0.45 ? `${int(rng, 1, 140)} ${street}` : street;
		const isMeetingPoint = venue.startsWith('Meeting point');
		const id = uuidFrom(ids);
		locationRows.push({
			id,
			organisation_id: orgId,
			name: venue,
			address: isMeetingPoint ? `${street}, ${place.en}` : `${venue}, ${onStreet}, ${place.en}`,
			town: place.town,
			postcode: fakePostcode(rng, place.outcode),
			outcode: place.outcode,
			lat,
			lng,
			h3: placeCell(lat, lng),
			accessibility: isMeetingPoint ? (rng() < 0.5 ? ['step_free', 'parking'] : ['step_free']) : pickAccessibility(rng),
			created_at: daysBefore(int(rng, 420, 1400)),
			updated_at: daysBefore(int(rng, 1, 400))
		});
		return id;
	};

	for (const spec of groups) {
		const place = places[spec.at];
		const type = orgTypes[spec.type];
		const orgId = uuidFrom(ids);
		const web = slug(spec.name);
		const welshLeaning = spec.type === 'welsh' || Boolean(spec.cy);
		const describedInWelsh = welshLeaning || rng() < 0.3;
		const createdDays = int(rng, 420, 1500);
		const verified = !spec.pending && rng() < 0.6;
		orgRows.push({
			id: orgId,
			name: spec.name,
			name_cy: spec.cy ?? null,
			description_en: fill(type.en, place),
			description_cy: describedInWelsh ? fill(type.cy, place) : null,
			email: rng() < 0.9 ? `hello@${web}.example` : null,
			phone: rng() < 0.85 ? phoneFor(place) : null,
			website: rng() < 0.7 ? `https://example.org/${web}` : null,
			charity_number: spec.charity ? String(int(rng, 1_100_000, 1_209_999)) : null,
			company_number: spec.charity && rng() < 0.4 ? String(int(rng, 6_000_000, 15_999_999)).padStart(8, '0') : null,
			status: spec.pending ? 'pending' : 'published',
			verified_at: verified ? daysBefore(int(rng, 30, 380)) : null,
			is_demo: true,
			created_at: daysBefore(createdDays),
			updated_at: daysBefore(int(rng, 1, 400))
		});

		const home = makeLocation(orgId, place, spec.type);
		const second = spec.also ? makeLocation(orgId, places[spec.also], spec.type) : null;

		const lead = spec.lead ?? type.pool[0]!;
		const howMany = pick(rng, [2, 3, 3, 4, 4, 4, 5]);
		const keys = [lead, ...pickSome(rng, type.pool.filter((k) => k !== lead), howMany - 1)];

		for (const key of keys) {
			const t: OfferTemplate = offerTemplates[key];
			const offerId = uuidFrom(ids);
			const i = offerIndex++;
			const inWelsh = t.welsh || rng() < (welshLeaning ? 0.55 : 0.18);
			const [cost, noteEn, noteCy] = t.costs ? pick(rng, t.costs) : rng() < 0.9 ? (['free'] as CostOption) : (['low_cost', 'Donations welcome', 'Croeso i roddion'] as CostOption);
			let languages: Lang[] = t.languages ? pick(rng, t.languages) : ['en'];
			if (!t.languages && inWelsh && rng() < 0.5) languages = ['en', 'cy'];
			const attendance = t.attendance ? pick(rng, t.attendance) : rng() < 0.05 ? 'both' : 'in_person';
			// A few offers stay unpublished, so the app can show that only published ones appear.
			const status = spec.pending ? 'published' : i % 29 === 7 ? 'draft' : i % 37 === 11 ? 'archived' : 'published';
			if (!spec.pending && status === 'published') publishedOffers++;
			else hiddenOffers++;
			// Most offers were reviewed in the last six months; about one in ten went unreviewed for
			// a year, had its three reminders, and now shows "may be out of date" (issue 4).
			const drawn = int(rng, 1, 400) + rng();
			const outOfDate = drawn > 360 && status === 'published';
			const reviewedDays = drawn > 360 ? drawn : drawn * 0.45;
			const withContact = t.access?.[0] === 'booking' || t.access?.[0] === 'referral' || rng() < 0.2;
			offerRows.push({
				id: offerId,
				organisation_id: orgId,
				title_en: fill(t.en, place),
				title_cy: inWelsh ? fill(t.cy, place) : null,
				description_en: fill(t.den, place),
				description_cy: inWelsh ? fill(t.dcy, place) : null,
				kind: t.kind,
				cost,
				cost_note_en: noteEn ?? null,
				cost_note_cy: noteEn && inWelsh ? (noteCy ?? null) : null,
				languages,
				who_for: t.who ? pick(rng, t.who) : ['everyone'],
				access: t.access ? pick(rng, t.access) : 'drop_in',
				attendance,
				capacity: t.waitingList && rng() < 0.5 ? 'waiting_list' : rng() < 0.06 ? 'waiting_list' : 'taking_new',
				contact_email: withContact ? `${pick(rng, ['bookings', 'info', 'croeso', 'hello'])}@${web}.example` : null,
				contact_phone: withContact && rng() < 0.6 ? phoneFor(place) : null,
				website: rng() < 0.15 ? `https://example.org/${web}/${slug(fill(t.en, place))}` : null,
				status,
				last_reviewed_at: daysBefore(reviewedDays),
				approved_at: status === 'published' ? daysBefore(reviewedDays) : null,
				reminders_sent: outOfDate ? 3 : 0,
				last_reminder_at: outOfDate ? daysBefore(reviewedDays - 208) : null,
				out_of_date_since: outOfDate ? daysBefore(reviewedDays - 222) : null,
				is_demo: true,
				created_at: daysBefore(reviewedDays + int(rng, 20, 700)),
				updated_at: daysBefore(reviewedDays)
			});
			for (const outcome of pickOutcomes(rng, t)) outcomeRows.push({ offer_id: offerId, outcome_id: outcome });
			// Online-only offers still sit at the group's base, so they show on the map and in area counts.
			const where = second && attendance !== 'online' && rng() < 0.4 ? (rng() < 0.5 ? [second] : [home, second]) : [home];
			for (const location_id of where) offerLocationRows.push({ offer_id: offerId, location_id });
			for (const s of makeSchedules(rng, t)) scheduleRows.push({ id: uuidFrom(ids), offer_id: offerId, ...s });
		}
	}

	await insertRows(tx, 'organisations', orgRows, { id: 'uuid', verified_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz' });
	await insertRows(tx, 'locations', locationRows, { id: 'uuid', organisation_id: 'uuid', lat: 'float8', lng: 'float8', accessibility: 'text[]', created_at: 'timestamptz', updated_at: 'timestamptz' });
	await insertRows(tx, 'offers', offerRows, { id: 'uuid', organisation_id: 'uuid', languages: 'text[]', who_for: 'text[]', last_reviewed_at: 'timestamptz', approved_at: 'timestamptz', reminders_sent: 'int2', last_reminder_at: 'timestamptz', out_of_date_since: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz' });
	await insertRows(tx, 'offer_outcomes', outcomeRows, { offer_id: 'uuid' });
	await insertRows(tx, 'offer_locations', offerLocationRows, { offer_id: 'uuid', location_id: 'uuid' });
	await insertRows(tx, 'schedules', scheduleRows, { id: 'uuid', offer_id: 'uuid', interval: 'int2', byday: 'text[]', opens_at: 'time', closes_at: 'time', valid_from: 'date', valid_to: 'date' });
	// Peer supporters (and, later, stories and the groups' board) need the groups above.
	const network = await insertDemoNetwork(tx);
	// Demand, conversations, signposts and what helped, against the published offers above.
	const history = await insertDemoHistory(tx);
	// The planning pages read rollups; build them now rather than at the next hourly job.
	await tx.query(`select public.refresh_planning_rollups()`);

	return {
		organisations: orgRows.length,
		offers: offerRows.length,
		publishedOffers,
		pendingOrganisations: groups.filter((g) => g.pending).length,
		hiddenOffers,
		peerSupporters: network.supporters,
		history
	};
}

/**
 * Seeds the demonstration directory in one service-role transaction.
 * Expects no demo rows yet (scripts/seed.ts offers --reset to replace them).
 */
/** The demo directory and, for local accounts, the demo accounts (one for each kind of user). */
export async function seedDemoData(db: Db, { accounts = true } = {}): Promise<DemoSeedResult & { accounts: number }> {
	return db.withClaims(serviceClaims, async (tx) => {
		const seeded = await insertDemoData(tx);
		return { ...seeded, accounts: accounts ? await insertDemoAccounts(tx) : 0 };
	});
}
