// Public words (stories, board posts, a peer supporter's line) carry no contact details and no
// links: a story could otherwise name someone's phone, and a link is how spam travels. This check
// finds them and says what it found, so the writer knows why; stripContactDetails takes them out
// when the writer asks. The database has the same rules as its last word
// (public.has_contact_details and public.has_web_link in the peer-support migration).

export type ContactDetailKind = 'link' | 'email' | 'phone' | 'handle';

export interface FoundDetail {
	kind: ContactDetailKind;
	text: string;
}

// Kept in step with the SQL: anything the database refuses, this finds first.
const patterns: Record<ContactDetailKind, RegExp> = {
	email: /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi,
	link: /(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|org|net|uk|cymru|wales|info|io|me|ly|co|biz)\b(?:\/\S*)?/gi,
	handle: /(?<![a-z0-9.])@[a-z0-9_]{2,}/gi,
	phone: /(?:\+ ?44|(?<![0-9])0)[ ()-]*(?:[0-9][ ()-]*){9,10}(?![0-9])/g
};
// Emails first: an address's domain would otherwise also count as a link.
const order: ContactDetailKind[] = ['email', 'link', 'handle', 'phone'];

/** Every contact detail or link in the text, in the order they appear. */
export function findContactDetails(text: string): FoundDetail[] {
	const found: { at: number; end: number; detail: FoundDetail }[] = [];
	for (const kind of order) {
		for (const match of text.matchAll(patterns[kind])) {
			const at = match.index;
			const end = at + match[0].length;
			if (found.some((f) => at < f.end && end > f.at)) continue;
			found.push({ at, end, detail: { kind, text: match[0].trim() } });
		}
	}
	return found.sort((a, b) => a.at - b.at).map((f) => f.detail);
}

export const hasWebLink = (text: string) => findContactDetails(text).some((d) => d.kind === 'link');

/** The text with its contact details and links replaced by "[removed]" (in the writer's language). */
export function stripContactDetails(text: string, removed = '[removed]'): string {
	let out = text;
	for (const detail of findContactDetails(text)) out = out.replace(detail.text, removed);
	return out;
}
