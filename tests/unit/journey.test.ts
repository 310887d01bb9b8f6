import { describe, expect, it } from 'vitest';
import {
	checkContactRequest,
	checkFeedback,
	checkStep,
	chosenOutcomes,
	concernIds,
	easierChoices,
	emptyAnswers,
	hiddenFields,
	journeyFilters,
	journeyLimits,
	journeySteps,
	outcomesInWords,
	readAnswers,
	skipStep,
	suggestedOutcomes,
	workingDaysAfter,
	type ContactDraft,
	type JourneyAnswers,
	type JourneyStep
} from '../../src/lib/domain/journey';
import { defaultDistance } from '../../src/lib/domain/search-options';

// The self-service journey (src/lib/domain/journey.ts, journey-options.ts): reading the answers the
// form carries, passing them on as hidden fields, turning them into outcomes and a search, and
// checking what people send a group ("can someone contact me?") and "what helped".

// ---------------------------------------------------------------------------------------------
// Helpers

type Fields = Record<string, string | string[]>;
/** A FormData as the browser would send it: one entry per value, lists repeated. */
function formData(fields: Fields): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	}
	return form;
}
/** The FormData a page would post from the hidden fields (and nothing else). */
const fromPairs = (pairs: [string, string][]) => {
	const form = new FormData();
	for (const [name, value] of pairs) form.append(name, value);
	return form;
};
const answers = (extra: Partial<JourneyAnswers> = {}): JourneyAnswers => ({ ...emptyAnswers(), ...extra });
const codePoints = (value: string) => [...value].length;

/** Every step answered, as a person might: Welsh, emoji, a place, choices, a reviewed list. */
const full = (): JourneyAnswers => ({
	matters: ['seeing-people', 'skills'],
	matters_words: 'Dw i eisiau dysgu Cymraeg 🙂',
	going_well: 'Mae’r ardd yn dda; dŵr a chŷn',
	concerns: ['lonely', 'home_or_money'],
	concerns_words: 'money worries',
	where: 'Caerdydd',
	lat: '51.48',
	lng: '-3.18',
	easier: ['free', 'welsh'],
	outcomes: ['seeing-people'],
	counted: true,
	journey: 'a-journey_id-0123456789'
});

const contact = (extra: Partial<ContactDraft> = {}): ContactDraft => ({
	name: 'Ann Jones', email: 'ann@example.org', phone: '', best_time: '', message: 'Can I come along next week?',
	consent: 'yes', website: '', ...extra
});
const contactProblems = (extra: Partial<ContactDraft>) => {
	const checked = checkContactRequest(contact(extra));
	return checked.ok ? {} : checked.problems;
};

// ---------------------------------------------------------------------------------------------
// Reading the answers

describe('readAnswers', () => {
	it('reads a full set of answers', () => {
		const read = readAnswers(formData({
			matters: ['seeing-people', 'skills'], matters_words: 'Hi', going_well: 'Gardening', concerns: ['lonely'],
			concerns_words: 'worried', where: 'CF10 1AA', lat: '51.47', lng: '-3.17', easier: ['free', 'online'],
			reviewed: '1', outcomes: ['skills'], counted: '1', journey: 'a-journey_id-0123456789'
		}));
		expect(read).toEqual({
			matters: ['seeing-people', 'skills'], matters_words: 'Hi', going_well: 'Gardening', concerns: ['lonely'],
			concerns_words: 'worried', where: 'CF10 1AA', lat: '51.47', lng: '-3.17', easier: ['free', 'online'],
			outcomes: ['skills'], counted: true, journey: 'a-journey_id-0123456789'
		});
	});

	it('keeps a journey id only when it looks like one the server made', () => {
		expect(readAnswers(formData({ journey: 'short' })).journey).toBe('');
		expect(readAnswers(formData({ journey: '<script>alert(1)</script>xxxxxxxx' })).journey).toBe('');
		expect(readAnswers(formData({ journey: 'AbCdEfGhIjKlMnOpQrStUv' })).journey).toBe('AbCdEfGhIjKlMnOpQrStUv');
	});

	it('gives the empty answers for an empty form', () => {
		expect(readAnswers(new FormData())).toEqual(emptyAnswers());
	});

	it('drops outcome ids that are not ids, and concerns and easier choices it does not know', () => {
		const read = readAnswers(formData({
			matters: ['seeing-people', 'DROP TABLE', '', 'x', '1abc', 'Skills', 'a'.repeat(50), 'skills'],
			concerns: ['lonely', 'bored', 'LONELY', 'health'],
			easier: ['free', 'cheap', 'Welsh', 'children']
		}));
		expect(read.matters).toEqual(['seeing-people', 'skills']);
		expect(read.concerns).toEqual(['lonely', 'health']);
		expect(read.easier).toEqual(['free', 'children']);
	});

	it('leaves well-formed but unknown outcome ids for chosenOutcomes to drop', () => {
		// readAnswers has no list of outcomes: it checks the shape only.
		const read = readAnswers(formData({ matters: ['made-up'] }));
		expect(read.matters).toEqual(['made-up']);
		expect(chosenOutcomes(read, new Set(['seeing-people']))).toEqual([]);
	});

	it('removes repeated values', () => {
		const read = readAnswers(formData({
			matters: ['skills', 'skills', 'mobility', 'skills'], concerns: ['lonely', 'lonely'], easier: ['free', 'free', 'welsh'],
			reviewed: '1', outcomes: ['mobility', 'mobility']
		}));
		expect(read.matters).toEqual(['skills', 'mobility']);
		expect(read.concerns).toEqual(['lonely']);
		expect(read.easier).toEqual(['free', 'welsh']);
		expect(read.outcomes).toEqual(['mobility']);
	});

	it('keeps at most 15 outcomes, counting each only once', () => {
		const ids = Array.from({ length: 20 }, (_, i) => `outcome-${String.fromCharCode(97 + i)}`);
		const read = readAnswers(formData({ matters: [ids[0]!, ...ids], reviewed: '1', outcomes: ids }));
		expect(read.matters).toEqual(ids.slice(0, 15));
		expect(read.outcomes).toEqual(ids.slice(0, 15));
	});

	it('reads outcomes only once the person has seen the review', () => {
		expect(readAnswers(formData({ outcomes: ['skills'] })).outcomes).toBeNull();
		expect(readAnswers(formData({ outcomes: ['skills'], reviewed: 'yes' })).outcomes).toBeNull();
		expect(readAnswers(formData({ outcomes: ['skills'], reviewed: '1' })).outcomes).toEqual(['skills']);
		// Reviewed with every outcome unticked: an empty list, not "not reviewed".
		expect(readAnswers(formData({ reviewed: '1' })).outcomes).toEqual([]);
	});

	it('reads the counted flag only as "1"', () => {
		expect(readAnswers(formData({ counted: '1' })).counted).toBe(true);
		expect(readAnswers(formData({ counted: 'true' })).counted).toBe(false);
		expect(readAnswers(formData({})).counted).toBe(false);
	});

	it('keeps long text up to twice the limit, so the person sees how much to trim', () => {
		const words = 'a'.repeat(journeyLimits.words + 50);
		const read = readAnswers(formData({
			matters_words: words, going_well: 'b'.repeat(journeyLimits.words * 3), concerns_words: 'c'.repeat(journeyLimits.words * 2),
			where: 'd'.repeat(journeyLimits.where * 3)
		}));
		expect(read.matters_words).toBe(words); // not cut to the limit
		expect(read.going_well).toBe('b'.repeat(journeyLimits.words * 2));
		expect(read.concerns_words).toBe('c'.repeat(journeyLimits.words * 2));
		expect(read.where).toBe('d'.repeat(journeyLimits.where * 2));
		// ...and the step check then says it is too long, rather than passing a cut-down text.
		expect(checkStep(read, 'matters')).toEqual({ matters_words: 'too_long' });
	});

	it('counts the kept length in characters, not UTF-16 units, so emoji are not split', () => {
		const read = readAnswers(formData({ matters_words: '😀'.repeat(journeyLimits.words * 3) }));
		expect(codePoints(read.matters_words)).toBe(journeyLimits.words * 2);
		expect(read.matters_words).toBe('😀'.repeat(journeyLimits.words * 2));
	});

	it('keeps emoji and Welsh letters, in composed form', () => {
		const read = readAnswers(formData({
			matters_words: 'Dw i’n hoffi canu 🎶 a dŵr',
			// ŵ and ŷ typed as w/y + combining circumflex come back as the single letters.
			going_well: 'Mae’r te yn dda 🫖 ac mae’r cwm yn w\u0302yllt, t\u0177',
			where: 'Llanfair-ym-Muallt ŷ'
		}));
		expect(read.matters_words).toBe('Dw i’n hoffi canu 🎶 a dŵr');
		expect(read.going_well).toBe('Mae’r te yn dda 🫖 ac mae’r cwm yn ŵyllt, tŷ');
		expect(read.going_well).toContain('\u0175'); // ŵ as one code point
		expect(read.where).toBe('Llanfair-ym-Muallt ŷ');
	});

	it('ignores files sent in place of text', () => {
		const form = formData({ matters: 'skills' });
		form.append('matters', new Blob(['seeing-people']), 'seeing-people');
		form.append('matters_words', new Blob(['hello']), 'words.txt');
		const read = readAnswers(form);
		expect(read.matters).toEqual(['skills']);
		expect(read.matters_words).toBe('');
	});
});

// ---------------------------------------------------------------------------------------------
// Passing the answers on

describe('hiddenFields', () => {
	it('carries every answer on the results page, lists as repeated fields', () => {
		expect(hiddenFields(full(), 'results')).toEqual([
			['matters', 'seeing-people'], ['matters', 'skills'],
			['matters_words', 'Dw i eisiau dysgu Cymraeg 🙂'],
			['going_well', 'Mae’r ardd yn dda; dŵr a chŷn'],
			['concerns', 'lonely'], ['concerns', 'home_or_money'],
			['concerns_words', 'money worries'],
			['where', 'Caerdydd'], ['lat', '51.48'], ['lng', '-3.18'],
			['easier', 'free'], ['easier', 'welsh'],
			['reviewed', '1'], ['outcomes', 'seeing-people'],
			['counted', '1'], ['journey', 'a-journey_id-0123456789']
		]);
	});

	it('leaves out the fields of the step on screen (its inputs carry them), and only those', () => {
		const onScreenFields: Record<JourneyStep, string[]> = {
			matters: ['matters', 'matters_words'],
			going_well: ['going_well'],
			concerns: ['concerns', 'concerns_words'],
			where: ['where', 'lat', 'lng'],
			easier: ['easier'],
			review: ['reviewed', 'outcomes']
		};
		const everything = new Set(hiddenFields(full(), 'results').map(([name]) => name));
		for (const step of journeySteps) {
			const names = new Set(hiddenFields(full(), step).map(([name]) => name));
			for (const name of onScreenFields[step]) expect(names, `${step} carries ${name}`).not.toContain(name);
			const expected = [...everything].filter((name) => !onScreenFields[step].includes(name));
			expect([...names].sort(), step).toEqual(expected.sort());
		}
	});

	it('round-trips through readAnswers: the same answers come back', () => {
		expect(readAnswers(fromPairs(hiddenFields(full(), 'results')))).toEqual(full());
		const unreviewed = { ...full(), outcomes: null, counted: false };
		expect(readAnswers(fromPairs(hiddenFields(unreviewed, 'results')))).toEqual(unreviewed);
		const reviewedEmpty = answers({ outcomes: [] });
		expect(readAnswers(fromPairs(hiddenFields(reviewedEmpty, 'results')))).toEqual(reviewedEmpty);
		expect(readAnswers(fromPairs(hiddenFields(emptyAnswers(), 'results')))).toEqual(emptyAnswers());
	});

	it('round-trips what readAnswers read, however it was typed', () => {
		const read = readAnswers(formData({
			matters: ['skills', 'skills', 'made-up'], matters_words: '  spaces kept  \nand lines ', going_well: 'ŵ ŷ 🎉',
			concerns: ['caring'], easier: ['children'], where: ' Aberystwyth ', reviewed: '1', outcomes: [], counted: '1'
		}));
		expect(readAnswers(fromPairs(hiddenFields(read, 'results')))).toEqual(read);
	});

	it('with a step on screen, its own inputs added back make the same answers', () => {
		const a = full();
		const hidden = hiddenFields(a, 'concerns');
		const form = fromPairs(hidden);
		for (const c of a.concerns) form.append('concerns', c);
		form.append('concerns_words', a.concerns_words);
		expect(readAnswers(form)).toEqual(a);
	});

	it('says the review was seen only once it was', () => {
		const names = (a: JourneyAnswers) => hiddenFields(a, 'results').map(([name]) => name);
		expect(names(answers({ matters: ['skills'] }))).not.toContain('reviewed');
		expect(names(answers({ matters: ['skills'] }))).not.toContain('outcomes');
		expect(names(answers({ outcomes: [] }))).toEqual(['reviewed']);
		expect(hiddenFields(answers({ outcomes: ['skills', 'mobility'] }), 'results')).toEqual([
			['reviewed', '1'], ['outcomes', 'skills'], ['outcomes', 'mobility']
		]);
	});

	it('leaves out empty answers and carries "counted" on every step', () => {
		expect(hiddenFields(emptyAnswers(), 'matters')).toEqual([]);
		for (const step of journeySteps) {
			expect(hiddenFields(answers({ counted: true }), step)).toEqual([['counted', '1']]);
		}
	});
});

// ---------------------------------------------------------------------------------------------
// Skipping and checking a step

describe('skipStep', () => {
	const clearedBy: Record<JourneyStep, Partial<JourneyAnswers>> = {
		matters: { matters: [], matters_words: '' },
		going_well: { going_well: '' },
		concerns: { concerns: [], concerns_words: '' },
		where: { where: '', lat: '', lng: '' },
		easier: { easier: [] },
		review: { outcomes: [] }
	};

	for (const step of journeySteps) {
		it(`clears only the ${step} answers`, () => {
			const before = full();
			expect(skipStep(before, step)).toEqual({ ...full(), ...clearedBy[step] });
			expect(before).toEqual(full()); // the answers passed in are left alone
		});
	}
});

describe('checkStep', () => {
	const limit = journeyLimits.words;

	it('passes a text of exactly the limit and stops one character over it', () => {
		for (const [step, field] of [['matters', 'matters_words'], ['going_well', 'going_well'], ['concerns', 'concerns_words']] as const) {
			expect(checkStep(answers({ [field]: 'a'.repeat(limit) }), step)).toEqual({});
			expect(checkStep(answers({ [field]: 'a'.repeat(limit + 1) }), step)).toEqual({ [field]: 'too_long' });
		}
	});

	it('counts characters, not UTF-16 units: 300 emoji pass, 301 do not', () => {
		expect('😀'.repeat(limit).length).toBe(limit * 2); // what a naive .length would count
		expect(checkStep(answers({ matters_words: '😀'.repeat(limit) }), 'matters')).toEqual({});
		expect(checkStep(answers({ matters_words: '😀'.repeat(limit + 1) }), 'matters')).toEqual({ matters_words: 'too_long' });
		expect(checkStep(answers({ going_well: 'ŵ'.repeat(limit) }), 'going_well')).toEqual({});
	});

	it('does not count space around the text', () => {
		expect(checkStep(answers({ matters_words: `  ${'a'.repeat(limit)}  \n` }), 'matters')).toEqual({});
	});

	it('checks only the step on screen', () => {
		const long = 'a'.repeat(limit + 1);
		const a = answers({ matters_words: long, going_well: long, concerns_words: long, where: 'b'.repeat(journeyLimits.where + 1) });
		expect(checkStep(a, 'matters')).toEqual({ matters_words: 'too_long' });
		expect(checkStep(a, 'going_well')).toEqual({ going_well: 'too_long' });
		expect(checkStep(a, 'concerns')).toEqual({ concerns_words: 'too_long' });
		expect(checkStep(a, 'where')).toEqual({ where: 'too_long' });
		expect(checkStep(a, 'easier')).toEqual({});
		expect(checkStep(a, 'review')).toEqual({});
	});

	it('stops a place over 200 characters, not one of 200', () => {
		expect(journeyLimits.where).toBe(200);
		expect(checkStep(answers({ where: 'a'.repeat(200) }), 'where')).toEqual({});
		expect(checkStep(answers({ where: ` ${'a'.repeat(200)} ` }), 'where')).toEqual({});
		expect(checkStep(answers({ where: 'a'.repeat(201) }), 'where')).toEqual({ where: 'too_long' });
		expect(checkStep(answers({ where: 'ŷ'.repeat(200) }), 'where')).toEqual({});
	});

	it('has 300 as the limit for words', () => {
		expect(limit).toBe(300);
	});
});

// ---------------------------------------------------------------------------------------------
// From answers to outcomes

describe('outcomesInWords', () => {
	it('hears English and Welsh', () => {
		expect(outcomesInWords('I feel so lonely')).toEqual(['seeing-people']);
		expect(outcomesInWords("Rydw i'n unig")).toEqual(['seeing-people']);
		expect(outcomesInWords('Rydw i’n unig')).toEqual(['seeing-people']); // typographic apostrophe
		expect(outcomesInWords('money worries')).toEqual(['living-as-i-want', 'confidence-and-morale']);
		expect(outcomesInWords('dysgu Cymraeg')).toEqual(['skills']);
		expect(outcomesInWords('Mae gen i ofn')).toEqual(['feeling-safe']);
	});

	it('matches a stem at the start of a word only', () => {
		expect(outcomesInWords('loneliness')).toEqual(['seeing-people']);
		expect(outcomesInWords('feeling low')).toEqual(['confidence-and-morale']);
		expect(outcomesInWords('my mood is lower')).toEqual(['confidence-and-morale']);
		expect(outcomesInWords('below')).toEqual([]);
		expect(outcomesInWords('they allow it')).toEqual([]);
		expect(outcomesInWords('a fellow')).toEqual([]);
		expect(outcomesInWords('ffrindiau')).toEqual(['seeing-people']);
		expect(outcomesInWords('cyfaill')).toEqual([]); // not "ffrind" inside
	});

	it('splits words on punctuation and digits', () => {
		expect(outcomesInWords('(lonely),bored;walk')).toEqual(['seeing-people', 'things-to-do', 'mobility']);
		expect(outcomesInWords('2health')).toEqual(['staying-well']);
	});

	it('ignores case, in English and Welsh', () => {
		expect(outcomesInWords('I FEEL SO LONELY')).toEqual(['seeing-people']);
		expect(outcomesInWords('DYSGU')).toEqual(['skills']);
		expect(outcomesInWords('Ofn')).toEqual(['feeling-safe']);
	});

	it('finds phrases of more than one word', () => {
		expect(outcomesInWords('I need something to do')).toEqual(['things-to-do']);
		expect(outcomesInWords('Getting About is hard')).toEqual(['mobility']);
	});

	it('reads every text given, in the order of the outcomes, each once', () => {
		expect(outcomesInWords('learn to walk', 'lonely and learning')).toEqual(['seeing-people', 'skills', 'mobility']);
		expect(outcomesInWords('lonely lonely alone')).toEqual(['seeing-people']);
	});

	it('finds nothing in nothing', () => {
		expect(outcomesInWords()).toEqual([]);
		expect(outcomesInWords('', '  ')).toEqual([]);
		expect(outcomesInWords('🙂 ŵ ŷ')).toEqual([]);
	});
});

describe('suggestedOutcomes', () => {
	it('puts what they chose first, then their worries, then their words, each once', () => {
		const a = answers({
			matters: ['skills', 'mobility'],
			concerns: ['caring', 'lonely'], // caring → seeing-people, staying-well; lonely → seeing-people
			matters_words: 'I feel so lonely', // seeing-people (again)
			concerns_words: 'money worries' // living-as-i-want, confidence-and-morale
		});
		expect(suggestedOutcomes(a)).toEqual(['skills', 'mobility', 'seeing-people', 'staying-well', 'living-as-i-want', 'confidence-and-morale']);
	});

	it('keeps the order of what they chose even when their words come earlier in the list', () => {
		expect(suggestedOutcomes(answers({ matters: ['skills'], matters_words: 'lonely', concerns: ['health'] })))
			.toEqual(['skills', 'staying-well', 'reduced-symptoms', 'seeing-people']);
	});

	it('does not read what is going well or where they are', () => {
		expect(suggestedOutcomes(answers({ going_well: 'lonely', where: 'Bus station' }))).toEqual([]);
	});

	it('maps every worry to at least one outcome', () => {
		for (const concern of concernIds) expect(suggestedOutcomes(answers({ concerns: [concern] })).length, concern).toBeGreaterThan(0);
	});

	it('suggests nothing for no answers', () => {
		expect(suggestedOutcomes(emptyAnswers())).toEqual([]);
	});
});

describe('chosenOutcomes', () => {
	const known = new Set(['seeing-people', 'skills', 'mobility', 'staying-well', 'reduced-symptoms']);

	it('uses the suggestion before the review, keeping only known outcomes', () => {
		const a = answers({ matters: ['made-up', 'skills'], concerns: ['health'] });
		expect(chosenOutcomes(a, known)).toEqual(['skills', 'staying-well', 'reduced-symptoms']);
	});

	it('uses the reviewed list once there is one, keeping only known outcomes', () => {
		const a = answers({ matters: ['skills'], outcomes: ['mobility', 'made-up', 'seeing-people'] });
		expect(chosenOutcomes(a, known)).toEqual(['mobility', 'seeing-people']);
	});

	it('uses the reviewed list even when the person unticked everything', () => {
		expect(chosenOutcomes(answers({ matters: ['skills'], outcomes: [] }), known)).toEqual([]);
	});

	it('gives at most 15', () => {
		const ids = Array.from({ length: 20 }, (_, i) => `outcome-${String.fromCharCode(97 + i)}`);
		expect(chosenOutcomes(answers({ outcomes: ids }), new Set(ids))).toEqual(ids.slice(0, 15));
	});
});

describe('journeyFilters', () => {
	const base = {
		outcomes: ['skills'], where: '', point: null, distance: defaultDistance, free: false, day: null, welsh: false,
		attendance: 'any', wheelchair: false, evening: false, children: false, text: '', page: 1, sort: 'best_match'
	};

	it('makes a search for the outcomes, with nothing else asked', () => {
		expect(journeyFilters(['skills'], answers({ where: 'Cardiff', lat: '51.4', lng: '-3.1' }))).toEqual(base);
	});

	it('turns each easier choice into its filter', () => {
		const only = (choice: (typeof easierChoices)[number]) => journeyFilters(['skills'], answers({ easier: [choice] }));
		expect(only('free')).toEqual({ ...base, free: true });
		expect(only('welsh')).toEqual({ ...base, welsh: true });
		expect(only('step_free')).toEqual({ ...base, wheelchair: true });
		expect(only('evenings')).toEqual({ ...base, evening: true });
		expect(only('online')).toEqual({ ...base, attendance: 'online' });
		expect(only('children')).toEqual({ ...base, children: true });
	});

	it('combines every choice', () => {
		expect(journeyFilters([], answers({ easier: [...easierChoices] }))).toEqual({
			...base, outcomes: [], free: true, welsh: true, wheelchair: true, evening: true, attendance: 'online', children: true
		});
	});
});

// ---------------------------------------------------------------------------------------------
// "Can someone contact me?"

describe('checkContactRequest', () => {
	it('accepts a genuine request, with emoji and Welsh, tidied', () => {
		const checked = checkContactRequest(contact({
			name: '  Siân   Ŵyn-Jones ',
			email: ' Sian@Example.ORG ',
			phone: '',
			best_time: ' Yn y bore ',
			// "ŵ" typed as w + combining circumflex; spaces around and at line ends.
			message: '  Helo! Dw i’n hoffi dysgu Cymraeg 🙂  \r\nA allaf i ddod â fy mab? Mae’n w\u0302yr i mi. ',
			consent: 'yes'
		}));
		expect(checked).toEqual({
			ok: true,
			data: {
				name: 'Siân Ŵyn-Jones',
				email: 'sian@example.org',
				phone: null,
				best_time: 'Yn y bore',
				message: 'Helo! Dw i’n hoffi dysgu Cymraeg 🙂\nA allaf i ddod â fy mab? Mae’n ŵyr i mi.'
			}
		});
		if (checked.ok) expect(checked.data.message).toBe(checked.data.message.normalize('NFC'));
	});

	it('gives null for an empty email, phone or best time', () => {
		expect(checkContactRequest(contact({ email: '  ', phone: '029 2000 0000' }))).toEqual({
			ok: true, data: { name: 'Ann Jones', email: null, phone: '029 2000 0000', best_time: null, message: 'Can I come along next week?' }
		});
		expect(checkContactRequest(contact({ phone: ' ' }))).toMatchObject({ ok: true, data: { email: 'ann@example.org', phone: null } });
	});

	it('accepts an empty message', () => {
		expect(checkContactRequest(contact({ message: '   ' }))).toMatchObject({ ok: true, data: { message: '' } });
	});

	it('needs a name, of at most 80 characters', () => {
		expect(contactProblems({ name: '' })).toEqual({ name: 'name_missing' });
		expect(contactProblems({ name: ' \t ' })).toEqual({ name: 'name_missing' });
		expect(contactProblems({ name: 'a'.repeat(80) })).toEqual({});
		expect(contactProblems({ name: 'ŵ'.repeat(80) })).toEqual({});
		expect(contactProblems({ name: 'a'.repeat(81) })).toEqual({ name: 'too_long' });
	});

	it('needs an email or a phone number', () => {
		expect(contactProblems({ email: '', phone: '' })).toEqual({ email: 'contact_missing' });
		expect(contactProblems({ email: '', phone: '07700 900123' })).toEqual({});
		expect(contactProblems({ email: 'ann@example.org', phone: '' })).toEqual({});
	});

	it('refuses an email that is not one', () => {
		expect(contactProblems({ email: 'ann@' })).toEqual({ email: 'email_invalid' });
		expect(contactProblems({ email: 'ann example.org' })).toEqual({ email: 'email_invalid' });
		// Even with a good phone number: what is given must be right.
		expect(contactProblems({ email: 'not an email', phone: '07700 900123' })).toEqual({ email: 'email_invalid' });
	});

	it('refuses a phone number with letters in it, or too few digits', () => {
		expect(contactProblems({ email: '', phone: '07700 9OO123' })).toEqual({ phone: 'phone_letters' });
		expect(contactProblems({ email: '', phone: 'call me' })).toEqual({ phone: 'phone_letters' });
		expect(contactProblems({ email: '', phone: '123' })).toEqual({ phone: 'phone_invalid' });
	});

	it('needs consent given as "yes"', () => {
		expect(contactProblems({ consent: '' })).toEqual({ consent: 'consent_missing' });
		expect(contactProblems({ consent: 'on' })).toEqual({ consent: 'consent_missing' });
		expect(contactProblems({ consent: 'YES' })).toEqual({ consent: 'consent_missing' });
	});

	it('refuses any web link in the message', () => {
		for (const message of [
			'See http://example.org', 'See https://example.org/x', 'visit www.example.org', 'WWW.EXAMPLE.ORG',
			'HTTPS://EXAMPLE.ORG', '[url=http://x]cheap[/url]', '[URL]x[/URL]', 'click <a href="x">here</a>',
			'<A\nhref="x">', 'Helo 🙂 https://enghraifft.cymru'
		]) {
			expect(contactProblems({ message }), message).toEqual({ message: 'links_in_message' });
		}
	});

	it('does not mistake ordinary words for links', () => {
		for (const message of ['I use the www a lot', 'http is a word', 'a lovely <abbr> tag', 'Email me at ann@example.org', 'ŵ ŷ <3']) {
			expect(contactProblems({ message }), message).toEqual({});
		}
		// Run twice: a regular expression with the g flag must not keep state between calls.
		expect(contactProblems({ message: 'www.example.org' })).toEqual({ message: 'links_in_message' });
		expect(contactProblems({ message: 'www.example.org' })).toEqual({ message: 'links_in_message' });
	});

	it('says a message is too long at 1001 characters, not 1000', () => {
		expect(contactProblems({ message: '😀'.repeat(1000) })).toEqual({});
		expect(contactProblems({ message: 'a'.repeat(1001) })).toEqual({ message: 'too_long' });
		expect(contactProblems({ best_time: 'a'.repeat(201) })).toEqual({ best_time: 'too_long' });
	});

	it('says when the hidden field was filled in', () => {
		expect(contactProblems({ website: 'http://spam.example' })).toEqual({ website: 'looks_automated' });
		expect(contactProblems({ website: 'x' })).toEqual({ website: 'looks_automated' });
		expect(contactProblems({ website: '   ' })).toEqual({});
	});

	it('reports every problem at once', () => {
		expect(contactProblems({ name: '', email: '', phone: '', consent: '', website: 'x', message: 'www.x.org' })).toEqual({
			name: 'name_missing', email: 'contact_missing', consent: 'consent_missing', website: 'looks_automated', message: 'links_in_message'
		});
	});
});

describe('workingDaysAfter', () => {
	// Local dates: January 2027 starts on a Friday.
	const day = (d: number) => new Date(2027, 0, d, 14, 30);
	const ymd = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()];

	it('skips the weekend', () => {
		expect(day(1).getDay()).toBe(5); // Friday
		expect(ymd(workingDaysAfter(day(1), 1))).toEqual([2027, 1, 4]); // Monday
		expect(ymd(workingDaysAfter(day(1), 5))).toEqual([2027, 1, 8]); // next Friday
		expect(ymd(workingDaysAfter(day(2), 1))).toEqual([2027, 1, 4]); // Saturday → Monday
		expect(ymd(workingDaysAfter(day(3), 1))).toEqual([2027, 1, 4]); // Sunday → Monday
		expect(ymd(workingDaysAfter(day(4), 5))).toEqual([2027, 1, 11]); // Monday → next Monday
		expect(ymd(workingDaysAfter(day(6), 2))).toEqual([2027, 1, 8]); // Wednesday → Friday
	});

	it('crosses a month and a year', () => {
		expect(ymd(workingDaysAfter(new Date(2026, 11, 31), 1))).toEqual([2027, 1, 1]); // Thursday → Friday
		expect(ymd(workingDaysAfter(new Date(2026, 11, 31), 2))).toEqual([2027, 1, 4]);
	});

	it('keeps the time of day and leaves the date given alone', () => {
		const from = day(1);
		const reply = workingDaysAfter(from, 5);
		expect([reply.getHours(), reply.getMinutes()]).toEqual([14, 30]);
		expect(ymd(from)).toEqual([2027, 1, 1]);
		expect(ymd(workingDaysAfter(from, 0))).toEqual([2027, 1, 1]);
	});
});

// ---------------------------------------------------------------------------------------------
// "What helped"

describe('checkFeedback', () => {
	const feedback = (fields: Fields) => checkFeedback(formData({ offer: 'offer-1', ...fields }));

	it('reads a rating, what it felt like and a note', () => {
		expect(feedback({ rating: 'helped_a_lot', felt: ['felt-welcome', 'felt-listened-to'], note: '  Diolch 🙂  ' })).toEqual({
			ok: true, data: { offer: 'offer-1', rating: 'helped_a_lot', felt: ['felt-welcome', 'felt-listened-to'], note: 'Diolch 🙂' }
		});
	});

	it('needs a rating it knows', () => {
		expect(feedback({})).toEqual({ ok: false, problems: { rating: 'rating_missing' } });
		expect(feedback({ rating: 'great' })).toEqual({ ok: false, problems: { rating: 'rating_missing' } });
		for (const rating of ['helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go']) expect(feedback({ rating }).ok, rating).toBe(true);
	});

	it('keeps a note of up to 500 characters', () => {
		expect(feedback({ rating: 'helped_a_bit', note: 'ŵ'.repeat(500) })).toMatchObject({ ok: true, data: { note: 'ŵ'.repeat(500) } });
		expect(feedback({ rating: 'helped_a_bit', note: 'a'.repeat(501) })).toEqual({ ok: false, problems: { note: 'too_long' } });
		expect(feedback({ note: 'a'.repeat(501) })).toEqual({ ok: false, problems: { rating: 'rating_missing', note: 'too_long' } });
		expect(feedback({ rating: 'helped_a_bit', note: '   ' })).toMatchObject({ ok: true, data: { note: null } });
	});

	it('keeps at most 5 well-formed outcome ids for what it felt like, each once', () => {
		const checked = feedback({
			rating: 'did_not_help',
			felt: ['aa-one', 'aa-one', 'BAD ID', '', 'bb-two', 'cc-three', 'dd-four', 'ee-five', 'ff-six']
		});
		expect(checked).toMatchObject({ ok: true, data: { felt: ['aa-one', 'bb-two', 'cc-three', 'dd-four', 'ee-five'] } });
	});
});
