import { error, fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { m } from '$lib/paraglide/messages';
import { requireAccess } from '$lib/server/access';
import { asServer } from '$lib/server/as-server';
import { linkIn } from '$lib/server/origin';
import { senderHash } from '$lib/server/sender';
import { getConversation } from '$lib/server/repos/conversations';
import { getOffer, type OfferDetail } from '$lib/server/repos/offers';
import { listOutcomes } from '$lib/server/repos/outcomes';
import { findPlace } from '$lib/server/repos/places';
import { savePlan } from '$lib/server/repos/plans';
import { latLngToCell } from 'h3-js';
import { areaResolution } from '$lib/server/journey';
import type { Actions, PageServerLoad } from './$types';

// The person's plan, to print and hand over: their outcomes in their words, the offers with when
// and where, and the practitioner's contact, in the language the person chose. Nothing else from
// the record. A link and QR code make a self-service plan (outcomes, offers, district only) the
// person can keep and open on their own phone.

export const load: PageServerLoad = async (event) => {
	const user = requireAccess(event, 'practitioner');
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return event.locals.withClaims(async (tx) => {
		const record = await getConversation(tx, event.params.id);
		if (!record) error(404, { message: m.error_not_found_title() });
		const outcomes = await listOutcomes(tx);
		const offers: OfferDetail[] = [];
		for (const s of record.signposts) {
			if (!s.offer_id || s.status === 'declined' || s.status === 'not_suitable') continue;
			const offer = await getOffer(tx, s.offer_id);
			if (offer) offers.push(offer);
		}
		return {
			record: { id: record.id, words_matters: record.words_matters, strengths: record.strengths, plan_language: record.plan_language },
			chosen: record.outcomes.flatMap((o) => outcomes.filter((x) => x.id === o.id)),
			offers,
			practitioner: { name: user.displayName || null, email: user.email }
		};
	});
};

export const actions: Actions = {
	link: async (event) => {
		requireAccess(event, 'practitioner');
		const made = await event.locals.withClaims(async (tx) => {
			const record = await getConversation(tx, event.params.id);
			if (!record) return null;
			const district = record.district ? await findPlace(tx, { kind: 'outcode', outcode: record.district }) : null;
			return {
				language: record.plan_language,
				outcomeIds: record.outcomes.map((o) => o.id),
				offerIds: record.signposts.filter((s) => s.offer_id && s.status !== 'declined' && s.status !== 'not_suitable').map((s) => s.offer_id!),
				area: district
					? { district: record.district, label: district.label, lat: district.lat, lng: district.lng, h3: latLngToCell(district.lat, district.lng, areaResolution) }
					: { district: null, label: null, lat: null, lng: null, h3: null }
			};
		});
		if (!made) error(404, { message: m.error_not_found_title() });
		const saved = await asServer((tx) => savePlan(tx, made, senderHash(event, 'plan')));
		if (!saved.ok) return fail(saved.reason === 'plan_empty' ? 400 : 429, { linkProblem: saved.reason });
		const link = linkIn(event.url.origin, `/plan/${saved.token}`, made.language);
		// An image, not markup: the page never inserts HTML it did not write itself.
		const qr = await QRCode.toDataURL(link, { margin: 1, errorCorrectionLevel: 'M', width: 320 });
		return { link, qr };
	}
};
