// Demonstration "stories of what helped" (issue 7): short, plausible, made-up stories about the
// demo groups in South Wales, two in Welsh, two still waiting for a moderator so the moderation
// queue has something in it. Run in the demo seed's service-role transaction, after the demo
// directory: offers and groups are found by name, and a story whose offer or group is missing (or
// not published) is kept with what it can still be tagged with.
import type { Tx } from '../db/types';
import { daysBefore } from './demo';

// Every demo story is marked is_demo, so a reset can find them (they outlive their group).

interface DemoStory {
	body: string;
	language: 'en' | 'cy';
	signed_as: string | null;
	outcomes: string[];
	/** The organisation's name, and (as an ILIKE pattern) the title of the offer the story is about. */
	group?: string;
	offer?: string;
	status: 'published' | 'pending';
	daysAgo: number;
}

const stories: DemoStory[] = [
	{
		body: "After I retired I hardly left the flat. A neighbour talked me into coming along to the shed one Tuesday and I've been going ever since. I made a bird box for my granddaughter, and I've got people to talk to again.",
		language: 'en', signed_as: 'Dave, Grangetown', outcomes: ['seeing-people', 'confidence-and-morale', 'skills'],
		group: "Grangetown Men's Shed", offer: 'Shed Sessions%', status: 'published', daysAgo: 40
	},
	{
		body: "Caring for Mum, I'd forgotten what it was like to sit down with a cup of tea and talk about something else. The other carers just get it. I go home lighter every time.",
		language: 'en', signed_as: 'a carer from Swansea', outcomes: ['seeing-people', 'staying-well'],
		group: "Swansea Carers' Café", offer: "Carers' Café%", status: 'published', daysAgo: 33
	},
	{
		body: "My husband has dementia and we'd stopped going out together. At the memory café he sings along to the old songs and smiles like he used to. It's the best two hours of our week.",
		language: 'en', signed_as: null, outcomes: ['things-to-do', 'seeing-people'],
		group: 'Llanishen Memory Friends', offer: 'Memory Café%', status: 'published', daysAgo: 28
	},
	{
		body: "I started with the short route, twenty minutes on the flat. Six months on I can manage the hill, my knee is better than it's been in years, and nobody ever made me feel slow.",
		language: 'en', signed_as: 'Carol', outcomes: ['staying-well', 'mobility', 'confidence-and-morale'],
		group: 'Rhondda Walking for Wellbeing', offer: 'Walking for Wellbeing%', status: 'published', daysAgo: 25
	},
	{
		body: 'Ar ôl colli fy ngŵr roeddwn i’n bwyta ar fy mhen fy hun bob dydd. Nawr rydw i’n mynd i’r clwb cinio bob dydd Iau, yn siarad Cymraeg ac yn chwerthin. Mae’n rhoi rheswm i mi wisgo’n smart eto.',
		language: 'cy', signed_as: 'Gwen o Dreforys', outcomes: ['seeing-people', 'things-to-do'],
		group: 'Clwb Cinio Treforys', offer: '%Lunch Club%', status: 'published', daysAgo: 21
	},
	{
		body: 'Symudais i Gaerdydd heb nabod neb. Roedd y sgwrs Gymraeg bob wythnos yn lle i ymarfer heb deimlo’n dwp, a bellach mae gen i ffrindiau da yno a dw i’n siarad yn llawer mwy hyderus.',
		language: 'cy', signed_as: null, outcomes: ['seeing-people', 'confidence-and-morale', 'skills'],
		group: 'Clwb Cymraeg Treganna', status: 'published', daysAgo: 18
	},
	{
		body: "I thought talking about how I felt wasn't for blokes like me. The first night I barely said a word and nobody pushed. Now I'm the one putting the kettle on for the new lads.",
		language: 'en', signed_as: 'a dad from Newport', outcomes: ['confidence-and-morale', 'reduced-symptoms', 'dealing-with-stigma'],
		group: 'Newport Peer Support Circle', offer: "Men's Talking Group%", status: 'published', daysAgo: 14
	},
	{
		body: "When my hours were cut I was too proud to ask for help. The pantry felt like a shop, not charity, and a volunteer helped me sort out my energy bill too. We're back on our feet now.",
		language: 'en', signed_as: null, outcomes: ['living-as-i-want', 'staying-well'],
		group: 'Maindee Community Pantry', offer: 'Community Pantry%', status: 'published', daysAgo: 11
	},
	{
		body: "Learning to use video calls on my tablet means I see my grandchildren in Australia every Sunday. I was sure I was too old for it. I'm not, as it turns out.",
		language: 'en', signed_as: 'Mair, 82', outcomes: ['skills', 'seeing-people', 'confidence-and-morale'],
		group: 'Ely and Caerau Community Hub', offer: 'Tablet and Phone Help%', status: 'published', daysAgo: 9
	},
	{
		body: 'Crowded places are hard for me. Walking on the hills with a small group, at the back if I want, has been the one thing that settles me. I sleep better after, and I look forward to it.',
		language: 'en', signed_as: null, outcomes: ['staying-well', 'reduced-symptoms'],
		group: 'Pentyrch Walking Group', offer: 'Hillside Walks%', status: 'published', daysAgo: 6
	},
	{
		body: "The community meal is where I found my feet after moving here. The cooks are lovely, and I've started helping out in the kitchen on Fridays.",
		language: 'en', signed_as: 'Amina', outcomes: ['seeing-people', 'things-to-do'],
		group: 'Butetown Community Kitchen', status: 'pending', daysAgo: 2
	},
	{
		body: "My daughter's youth group gave her somewhere she could just be herself. She's more confident at school and talks to us more at home.",
		language: 'en', signed_as: 'a mum from Cathays', outcomes: ['confidence-and-morale'],
		group: 'Cathays Youth Project', status: 'pending', daysAgo: 1
	}
];

/** Adds the demo stories with their outcomes; returns how many. */
export async function insertDemoStories(tx: Tx): Promise<number> {
	// Once only: the demo seed adds them with the groups (demo-network.ts).
	const [present] = await tx.query(`select 1 from stories where is_demo limit 1`);
	if (present) return 0;
	let added = 0;
	for (const story of stories) {
		const [group] = story.group
			? await tx.query<{ id: string }>(`select id from organisations where name = $1 and is_demo and status = 'published'`, [story.group])
			: [];
		const [offer] = group && story.offer
			? await tx.query<{ id: string }>(
				`select id from offers where organisation_id = $1 and title_en ilike $2 and status = 'published' order by title_en limit 1`,
				[group.id, story.offer]
			)
			: [];
		const written = daysBefore(story.daysAgo);
		const decided = story.status === 'published' ? daysBefore(story.daysAgo - 1) : null;
		const [row] = await tx.query<{ id: string }>(
			`insert into stories (body, language, signed_as, offer_id, organisation_id, status, moderated_at, published_at, is_demo, written_week, created_at)
			 values ($1, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz, $8, date_trunc('week', $9::timestamptz)::date, $9::timestamptz)
			 returning id`,
			[story.body, story.language, story.signed_as, offer?.id ?? null, group?.id ?? null, story.status, decided, true, written]
		);
		for (const outcome of story.outcomes) {
			await tx.query(`insert into story_outcomes (story_id, outcome_id) values ($1, $2)`, [row!.id, outcome]);
		}
		added++;
	}
	return added;
}
