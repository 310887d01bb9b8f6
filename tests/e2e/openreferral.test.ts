import { test, expect } from './fixtures';
import { follow, signedIn } from './helpers';
import { hsdsValidator } from '../../src/lib/server/openreferral/schemas';

// Open Referral UK (issue 9): an admin imports another directory's file, a moderator tags what no
// mapping covered, and the API publishes it for anyone, with CORS. The demo admin holds every role.
const admin = { email: 'admin@demo.example.org', password: 'wm-demo-admin' };
const fixtures = 'tests/fixtures';

test('an admin imports a directory, tags what needs it, and the API publishes it', async ({ page, expectAccessible, expectedStatuses }) => {
	// Refused imports and forms with problems answer 400, which the browser logs.
	expectedStatuses.add(400);
	await signedIn(page, admin);
	await page.goto('/admin');
	await expectAccessible();
	await follow(page.getByRole('link', { name: 'Import from other directories (Open Referral)' }));
	await expectAccessible();

	// A file with a bad email: nothing is imported, the problem names the record and field, and the source is kept.
	await page.getByLabel('Files').setInputFiles(`${fixtures}/openreferral-malformed/bad-email.json`);
	await page.getByLabel('Where the data comes from').fill('Example directory');
	await page.getByRole('button', { name: 'Check and import' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Nothing was imported from Example directory' })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: /email/ }).first()).toContainText('Knit and Natter');
	await expect(page.getByLabel('Where the data comes from')).toHaveValue('Example directory');
	await expectAccessible();

	// The official example imports; its place is outside the UK (a note), and its one term has no mapping.
	await page.getByLabel('Files').setInputFiles(`${fixtures}/openreferral/service_full.json`);
	await page.getByRole('button', { name: 'Check and import' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported from Example directory.' })).toBeVisible();
	await expect(page.getByText(/Services waiting for a moderator .*: 1\./)).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: 'MyCity Civic Center' })).toContainText('Note:');
	await expect(page.getByRole('table').first().getByRole('row', { name: /name/ })).toBeVisible();
	await expectAccessible();

	// A mapping without a term is named; then "name" stands for "Seeing people" from now on.
	await page.getByRole('button', { name: 'Add mapping' }).click();
	await expect(page.getByRole('alert')).toContainText('Write the term as the other directory has it.');
	await expectAccessible();
	await page.getByLabel('Term', { exact: true }).fill('name');
	await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Seeing people' });
	await page.getByRole('button', { name: 'Add mapping' }).click();
	await expect(page.getByText('Mapping added. Waiting services now tagged with that outcome and published: 1.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Remove the mapping of name to Seeing people' })).toBeVisible();
	await expectAccessible();

	// The same file from a second source arrives tagged at once; a third source's copy, with the
	// mapping removed, waits for a moderator, who tags it on the moderation page.
	await page.getByRole('button', { name: 'Remove the mapping of name to Seeing people' }).click();
	await expect(page.getByText(/^Mapping removed\./)).toBeVisible();
	await expectAccessible();
	await page.getByLabel('Files').setInputFiles(`${fixtures}/openreferral/service_full.json`);
	await page.getByLabel('Where the data comes from').fill('Another directory');
	await page.getByRole('button', { name: 'Check and import' }).click();
	await expect(page.getByText(/Services waiting for a moderator .*: 1\./)).toBeVisible();
	await expectAccessible();
	await page.goto('/moderation');
	await expectAccessible();
	const tagging = page.getByRole('group', { name: 'Outcomes this imported offer supports' });
	await expect(page.getByText('Imported from Another directory. Its terms there: name')).toBeVisible();
	await page.getByRole('button', { name: 'Tag and publish Community Counselling' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'Choose at least one outcome' })).toBeVisible();
	await expectAccessible();
	await tagging.getByLabel('Improved confidence and morale').check();
	await page.getByRole('button', { name: 'Tag and publish Community Counselling' }).click();
	await expect(page.getByText('Tagged and published.')).toBeVisible();
	await expectAccessible();

	// The API: no key, CORS open, valid HSDS, both copies published, the moderator's outcome on one.
	const list = await page.request.get('/openreferral/services?search=Counselling');
	expect(list.status()).toBe(200);
	expect(list.headers()['access-control-allow-origin']).toBe('*');
	const body = await list.json();
	expect(body).toMatchObject({ total_items: 2, size: 2, page_number: 1, first_page: true, last_page: true, empty: false });
	const validate = hsdsValidator('service_list');
	for (const item of body.contents) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
	const full = await (await page.request.get(`/openreferral/services/${body.contents[0].id}`)).json();
	expect(hsdsValidator('service')(full)).toBe(true);
	const terms = (await Promise.all(body.contents.map(async (s: { id: string }) =>
		(await (await page.request.get(`/openreferral/services/${s.id}`)).json()).attributes.map((a: { taxonomy_term: { term: string } }) => a.taxonomy_term.term)
	))).flat();
	expect(terms).toEqual(expect.arrayContaining(['seeing-people', 'confidence-and-morale']));
	const missing = await page.request.get('/openreferral/services/not-an-id');
	expect(missing.status()).toBe(404);
	expect(missing.headers()['access-control-allow-origin']).toBe('*');

	// The organisation's page says where the listing came from.
	await page.goto(full.organization.uri.replace(/^https?:\/\/[^/]+/, ''));
	await expectAccessible();
	await expect(page.getByText(/This listing came from (Example|Another) directory on/)).toBeVisible();

	// In Welsh on a small phone: the page reads and fits.
	await page.setViewportSize({ width: 320, height: 640 });
	await page.goto('/cy/admin/openreferral');
	await expectAccessible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mewnforio o gyfeiriaduron eraill');
	const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth
		? [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
			.map((e) => `${e.tagName} ${e.id} ${e.className}`).slice(0, 5)
		: []);
	expect(sideways, 'elements wider than the screen').toEqual([]);
});
