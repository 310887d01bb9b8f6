import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { checkReport, reportFields, type ReportDraft } from '$lib/domain/listing';
import { formText } from '$lib/domain/account';
import { tokenHash } from '$lib/server/auth/secrets';
import { database } from '$lib/server/db';
import { serviceClaims } from '$lib/server/db/types';
import { getOffer } from '$lib/server/repos/offers';
import type { Actions, PageServerLoad } from './$types';

// "Suggest an improvement or report a problem", open to anyone, no account needed. The group and
// the moderators see it on their pages; the sender's address is kept only as a hash, for a limit.

/** Reports one address may send in an hour: enough for a shared library computer, not for a flood. */
const perAddressHour = 10;

async function visibleOffer(locals: App.Locals, id: string) {
	const offer = await locals.withClaims((tx) => getOffer(tx, id));
	if (!offer) error(404, { message: m.error_not_found_title() });
	return { id: offer.id, title_en: offer.title_en, title_cy: offer.title_cy, organisation_name: offer.organisation_name };
}

export const load: PageServerLoad = async ({ params, locals }) => ({ offer: await visibleOffer(locals, params.id) });

export const actions: Actions = {
	default: async (event) => {
		const offer = await visibleOffer(event.locals, event.params.id);
		const values = formText(await event.request.formData(), reportFields) as ReportDraft;
		for (const field of reportFields) values[field] = values[field].slice(0, 3000);
		const checked = checkReport(values);
		if (!checked.ok) return fail(400, { values, problems: checked.problems });

		let address = 'unknown';
		try {
			address = event.getClientAddress();
		} catch {
			// Not every environment knows the client's address.
		}
		const sender = tokenHash(`listing-report:${address}`);
		const db = await database();
		const [recent] = await db.withClaims(serviceClaims, (tx) =>
			tx.query<{ count: number }>(
				`select count(*)::int as count from public.listing_reports where sender_hash = $1 and created_at > now() - interval '1 hour'`,
				[sender]
			)
		);
		if ((recent?.count ?? 0) >= perAddressHour) return fail(429, { values, problems: {}, tooMany: true });

		await event.locals.withClaims((tx) =>
			tx.query(
				`insert into public.listing_reports (offer_id, kind, reason, message, reply_email, reply_language, sender_hash)
				 values ($1, $2, $3, $4, $5, $6, $7)`,
				[offer.id, checked.data.kind, checked.data.reason, checked.data.message, checked.data.reply_email, getLocale(), sender]
			)
		);
		return { sent: true, wantsReply: !!checked.data.reply_email };
	}
};
