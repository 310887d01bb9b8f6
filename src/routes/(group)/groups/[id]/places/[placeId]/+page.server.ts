import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { checkPlace, readPlaceDraft } from '$lib/domain/listing';
import { requireAccess } from '$lib/server/access';
import { idOrNotFound, memberOrganisation } from '$lib/server/group';
import { getPlaceDraft, updatePlace } from '$lib/server/repos/listings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		const place = await getPlaceDraft(tx, idOrNotFound(event.params.placeId), organisation.id);
		if (!place) error(404, { message: m.error_not_found_title() });
		return { organisation, place };
	});
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const placeId = idOrNotFound(event.params.placeId);
		const place = readPlaceDraft(await event.request.formData());
		const checked = checkPlace(place);
		if (!checked.ok) return fail(400, { place, problems: checked.problems });
		const outcome = await event.locals.withClaims(async (tx) => updatePlace(tx, placeId, (await memberOrganisation(tx, event.params.id)).id, checked.data));
		if (outcome === 'gone') error(404, { message: m.error_not_found_title() });
		if (outcome === 'postcode_unknown') return fail(400, { place, problems: { place_postcode: 'postcode_unknown' as const } });
		return { saved: true };
	}
};
