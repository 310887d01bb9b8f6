import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { checkReport, reportFields, type ReportDraft } from '$lib/domain/listing';
import { formText } from '$lib/domain/account';
import { tokenHash } from '$lib/server/auth/secrets';
import { databaseHint, withSavepoint } from '$lib/server/db/errors';
import { getOffer } from '$lib/server/repos/offers';
import type { Actions, PageServerLoad } from './$types';

// "Suggest an improvement or report a problem", open to anyone, no account needed. The group and
// the moderators see it on their pages. submit_listing_report() applies the limits (10 an hour
// from one address, kept only as a hash that only the server reads; 20 an hour about one offer).

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
		const outcome = await event.locals.withClaims(async (tx) => {
			try {
				await withSavepoint(tx, (inner) =>
					inner.query(`select public.submit_listing_report($1, $2, $3, $4, $5, $6, $7)`, [
						offer.id, checked.data.kind, checked.data.reason, checked.data.message, checked.data.reply_email, getLocale(),
						tokenHash(`listing-report:${address}`)
					])
				);
				return 'sent' as const;
			} catch (error) {
				const hint = databaseHint(error);
				if (hint === 'too_many_reports' || hint === 'offer_not_found') return hint;
				throw error;
			}
		});
		if (outcome === 'offer_not_found') error(404, { message: m.error_not_found_title() });
		if (outcome === 'too_many_reports') return fail(429, { values, problems: {}, tooMany: true });
		return { sent: true, wantsReply: !!checked.data.reply_email };
	}
};
