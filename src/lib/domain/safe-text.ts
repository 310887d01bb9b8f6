// Public words (stories, board posts, a peer supporter's line) carry no contact details and no
// links: a story could otherwise name someone's phone, and a link is how spam travels. This check
// finds them and says what it found, so the writer knows why; stripContactDetails takes them out
// when the writer asks. The database has the same rules as its last word
// (public.has_contact_details and public.has_web_link in the peer-support migration);
// tests/db/safe-text.test.ts holds the two to the same answers.

export type ContactDetailKind = 'link' | 'email' | 'phone' | 'handle';

export interface FoundDetail {
	kind: ContactDetailKind;
	text: string;
}

// Kept in step with the SQL: each pattern matches some part of a text exactly when its SQL
// counterpart does. The extras only widen what is taken out, never what is found: a link's
// trailing full stop or bracket is left alone, "+44 (0)" and an opening bracket go with the
// phone number they belong to, and a domain is taken whole ("example.co.uk", not "example.co").
const linkEnd = String.raw`(?:\S*[^\s.,;:!?)\]}'"’”])?`;
const tlds = 'com|org|net|uk|cymru|wales|info|io|me|ly|co|biz';
const patterns: Record<ContactDetailKind, RegExp> = {
	email: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi,
	// SQL: https?:// | www\. | \m[a-z0-9-]+\.(tld)\M
	link: new RegExp(String.raw`(?:https?:\/\/|www\.)${linkEnd}|\b(?:[a-z0-9-]+\.)+(?:${tlds})\b(?:\.[a-z0-9-]+)*(?:\/${linkEnd})?`, 'gi'),
	// SQL: (^|[^a-z0-9.])@[a-z_][a-z0-9_]+ (a letter first, so "@10:30" is a time, not a name)
	handle: /(?<![a-z0-9.])@[a-z_][a-z0-9_]+/gi,
	// SQL: (\+ ?44|(^|[^0-9])0)[ ()-]*([0-9][ ()-]*){9,10}([^0-9]|$) — nine or ten digits after
	// the 0 or +44, with the next character not a digit.
	phone: /(?:\+ ?44 ?(?:\(0\))?|\(?(?<![0-9])0)[ ()-]*[0-9](?:[ ()-]*[0-9]){8,9}(?![0-9])/g
};
// When matches overlap they are one detail, of the longest match's kind (ties: this order).
const order: ContactDetailKind[] = ['email', 'link', 'handle', 'phone'];

interface Span {
	at: number;
	end: number;
	kind: ContactDetailKind;
	length: number;
}

/** Every detail's place in the text: overlapping matches merged, in the order they appear. */
function spansOf(text: string): Span[] {
	const matches: Span[] = [];
	for (const kind of order) {
		for (const match of text.matchAll(patterns[kind])) {
			matches.push({ at: match.index, end: match.index + match[0].length, kind, length: match[0].length });
		}
	}
	matches.sort((a, b) => a.at - b.at || b.length - a.length || order.indexOf(a.kind) - order.indexOf(b.kind));
	const spans: Span[] = [];
	for (const m of matches) {
		const last = spans.at(-1);
		if (last && m.at < last.end) {
			last.end = Math.max(last.end, m.end);
			if (m.length > last.length) Object.assign(last, { kind: m.kind, length: m.length });
		} else spans.push({ ...m });
	}
	return spans;
}

/** Every contact detail or link in the text, in the order they appear. */
export function findContactDetails(text: string): FoundDetail[] {
	return spansOf(text).map((s) => ({ kind: s.kind, text: text.slice(s.at, s.end).trim() }));
}

/**
 * Whether the text has a web link, as public.has_web_link: an email address is not one (a board
 * reply, private between two groups, may carry an email address or a phone number, not a link).
 */
export const hasWebLink = (text: string) => {
	const withoutEmails = text.replace(patterns.email, ' ');
	return Array.from(withoutEmails.matchAll(patterns.link)).length > 0;
};

/** The text with its contact details and links replaced by "[removed]" (in the writer's language). */
export function stripContactDetails(text: string, removed = '[removed]'): string {
	let out = text;
	for (const span of spansOf(text).reverse()) {
		const found = text.slice(span.at, span.end);
		const start = span.at + (found.length - found.trimStart().length);
		const end = span.end - (found.length - found.trimEnd().length);
		out = out.slice(0, start) + removed + out.slice(end);
	}
	return out;
}
