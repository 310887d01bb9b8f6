import { loadEditor, saveEditor } from '$lib/server/offer-editor';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadEditor(event);
export const actions: Actions = { default: (event) => saveEditor(event) };
