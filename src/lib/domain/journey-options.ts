// The journey's steps, choices, limits and form shape: free of zod so pages can use them without
// shipping the checks (src/lib/domain/journey.ts) to the browser.

export const journeySteps = ['matters', 'going_well', 'concerns', 'where', 'easier', 'review'] as const;
export type JourneyStep = (typeof journeySteps)[number];
/** The questions a person answers; "review" is where they adjust the outcomes we heard. */
export const questionCount = journeySteps.length - 1;

export const journeyLimits = { words: 300, where: 200 } as const;

/** Worries people name, each leading to the outcomes that speak to it (DESIGN.md §2). */
export const concerns = {
	lonely: ['seeing-people'],
	little_to_do: ['things-to-do'],
	not_safe: ['feeling-safe'],
	health: ['staying-well', 'reduced-symptoms'],
	low_mood: ['confidence-and-morale'],
	getting_about: ['mobility'],
	home_or_money: ['living-as-i-want'],
	treated_unfairly: ['dealing-with-stigma'],
	caring: ['seeing-people', 'staying-well'],
	learning_or_work: ['skills']
} as const satisfies Record<string, readonly string[]>;
export type Concern = keyof typeof concerns;
export const concernIds = Object.keys(concerns) as Concern[];

export const easierChoices = ['free', 'welsh', 'step_free', 'evenings', 'online', 'children'] as const;
export type EasierChoice = (typeof easierChoices)[number];

export interface JourneyAnswers {
	matters: string[];
	matters_words: string;
	going_well: string;
	concerns: Concern[];
	concerns_words: string;
	where: string;
	lat: string;
	lng: string;
	easier: EasierChoice[];
	/** The outcomes after the person adjusted them; null until they have seen the review. */
	outcomes: string[] | null;
	/** This journey already left its demand row: showing the results again does not count twice. */
	counted: boolean;
	/** A random id for this journey, so a reloaded results page is not counted twice; never stored. */
	journey: string;
}

export const emptyAnswers = (): JourneyAnswers => ({
	matters: [], matters_words: '', going_well: '', concerns: [], concerns_words: '',
	where: '', lat: '', lng: '', easier: [], outcomes: null, counted: false, journey: ''
});


/** The answers as hidden fields, for every step but the one on screen (whose inputs carry them). */
export function hiddenFields(answers: JourneyAnswers, onScreen: JourneyStep | 'results'): [string, string][] {
	const fields: [string, string][] = [];
	const add = (step: JourneyStep, name: string, values: string | string[]) => {
		if (step === onScreen) return;
		for (const value of Array.isArray(values) ? values : [values]) if (value) fields.push([name, value]);
	};
	add('matters', 'matters', answers.matters);
	add('matters', 'matters_words', answers.matters_words);
	add('going_well', 'going_well', answers.going_well);
	add('concerns', 'concerns', answers.concerns);
	add('concerns', 'concerns_words', answers.concerns_words);
	add('where', 'where', answers.where);
	add('where', 'lat', answers.lat);
	add('where', 'lng', answers.lng);
	add('easier', 'easier', answers.easier);
	if (answers.outcomes !== null) {
		add('review', 'reviewed', '1');
		add('review', 'outcomes', answers.outcomes);
	}
	if (answers.counted) fields.push(['counted', '1']);
	if (answers.journey) fields.push(['journey', answers.journey]);
	return fields;
}


export const contactLimits = { name: 80, email: 254, phone: 30, bestTime: 200, message: 1000 } as const;
export const contactFields = ['name', 'email', 'phone', 'best_time', 'message', 'consent', 'website'] as const;
export type ContactDraft = Record<(typeof contactFields)[number], string>;

export type ContactProblem =
	| 'name_missing' | 'too_long' | 'contact_missing' | 'email_invalid' | 'phone_letters' | 'phone_invalid'
	| 'consent_missing' | 'links_in_message' | 'looks_automated';

/** Working days after `from` (Monday to Friday), for "you can expect a reply by …". */
export function workingDaysAfter(from: Date, days: number): Date {
	const date = new Date(from);
	let left = days;
	while (left > 0) {
		date.setDate(date.getDate() + 1);
		if (date.getDay() !== 0 && date.getDay() !== 6) left -= 1;
	}
	return date;
}
export const replyWithinWorkingDays = 5;


export const ratings = ['helped_a_lot', 'helped_a_bit', 'did_not_help', 'did_not_go'] as const;
export type Rating = (typeof ratings)[number];
export const feedbackNoteLimit = 500;
export type FeedbackProblem = 'rating_missing' | 'too_long';
