import { fail } from '@sveltejs/kit';
import { requireAccess } from '$lib/server/access';
import { formId, memberOrganisation } from '$lib/server/group';
import { listPlacesInUse, removePlace } from '$lib/server/repos/listings';
import type { Actions, PageServerLoad } from './$types';

// The group's places: where its offers meet. A place is added from the offer form.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return event.locals.withClaims(async (tx) => {
		const organisation = await memberOrganisation(tx, event.params.id);
		return { organisation, places: await listPlacesInUse(tx, organisation.id) };
	});
};

export const actions: Actions = {
	remove: async (event) => {
		requireAccess(event, 'signed_in');
		const placeId = formId((await event.request.formData()).get('place_id'));
		const removed = placeId && (await event.locals.withClaims(async (tx) => removePlace(tx, placeId, (await memberOrganisation(tx, event.params.id)).id)));
		return removed ? { removed: true } : fail(409, { inUse: true });
	}
};
