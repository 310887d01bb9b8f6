-- The directory: community groups (organisations), where they meet (locations), what they
-- offer (offers), the outcomes each offer serves, and when it runs (schedules, HSDS-style).
-- Until accounts land, only service_role writes; anon and authenticated read published rows.

create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 200),
  name_cy text check (char_length(name_cy) between 1 and 200),
  description_en text not null default '' check (char_length(description_en) <= 5000),
  description_cy text check (char_length(description_cy) <= 5000),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 40),
  website text check (website ~ '^https?://' and char_length(website) <= 500),
  charity_number text check (char_length(charity_number) <= 20),
  company_number text check (char_length(company_number) <= 20),
  status text not null default 'pending' check (status in ('draft', 'pending', 'published', 'archived')),
  verified_at timestamptz,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.organisations.is_demo is 'Demonstration data from scripts/seed.ts; the interface labels it so.';

create table public.locations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  address text not null default '' check (char_length(address) <= 500),
  town text not null default '' check (char_length(town) <= 100),
  postcode text check (char_length(postcode) <= 10),
  outcode text check (outcode ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'),
  -- Bounded to the UK and Crown Dependencies: a point outside is a typing mistake.
  lat double precision not null check (lat between 49 and 61.5),
  lng double precision not null check (lng between -9 and 2.5),
  h3 text check (h3 ~ '^[0-9a-f]{15}$'),
  accessibility text[] not null default '{}' check (accessibility <@ array[
    'wheelchair', 'step_free', 'accessible_toilet', 'hearing_loop', 'parking', 'quiet_space', 'baby_change'
  ]::text[]),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index locations_organisation_idx on public.locations (organisation_id);

create table public.offers (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  title_en text not null check (char_length(title_en) between 1 and 200),
  title_cy text check (char_length(title_cy) between 1 and 200),
  description_en text not null default '' check (char_length(description_en) <= 5000),
  description_cy text check (char_length(description_cy) <= 5000),
  kind text not null check (kind in (
    'peer_support', 'befriending', 'lunch_club', 'walking_group', 'carers_group', 'mens_shed',
    'food_support', 'advice', 'digital_skills', 'youth_club', 'welsh_language', 'arts_and_crafts',
    'exercise', 'learning', 'volunteering', 'practical_help', 'activity'
  )),
  cost text not null check (cost in ('free', 'low_cost', 'paid')),
  cost_note_en text check (char_length(cost_note_en) <= 200),
  cost_note_cy text check (char_length(cost_note_cy) <= 200),
  languages text[] not null default '{en}' check (cardinality(languages) >= 1 and languages <@ array[
    'en', 'cy', 'bsl', 'pl', 'ar', 'ur', 'bn', 'pa', 'so', 'zh', 'ro', 'uk'
  ]::text[]),
  who_for text[] not null default '{everyone}' check (who_for <@ array[
    'everyone', 'adults', 'older_people', 'young_people', 'children', 'families', 'carers', 'men', 'women',
    'lgbtq', 'disabled_people', 'people_with_dementia', 'mental_health', 'neurodivergent', 'refugees', 'veterans'
  ]::text[]),
  access text not null check (access in ('drop_in', 'self_referral', 'referral', 'booking')),
  attendance text not null check (attendance in ('in_person', 'online', 'both')),
  capacity text not null default 'taking_new' check (capacity in ('taking_new', 'waiting_list')),
  contact_email text check (char_length(contact_email) <= 320),
  contact_phone text check (char_length(contact_phone) <= 40),
  website text check (website ~ '^https?://' and char_length(website) <= 500),
  status text not null default 'draft' check (status in ('draft', 'pending', 'published', 'archived')),
  last_reviewed_at timestamptz,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One lower-cased text in both languages for trigram search.
  search_text text generated always as (
    lower(title_en || ' ' || coalesce(title_cy, '') || ' ' || description_en || ' ' || coalesce(description_cy, ''))
  ) stored
);
create index offers_organisation_idx on public.offers (organisation_id);
create index offers_published_idx on public.offers (id) where status = 'published';

create table public.offer_outcomes (
  offer_id uuid not null references public.offers (id) on delete cascade,
  outcome_id text not null references public.outcomes (id),
  primary key (offer_id, outcome_id)
);
create index offer_outcomes_outcome_idx on public.offer_outcomes (outcome_id, offer_id);

create table public.offer_locations (
  offer_id uuid not null references public.offers (id) on delete cascade,
  location_id uuid not null references public.locations (id) on delete cascade,
  primary key (offer_id, location_id)
);
create index offer_locations_location_idx on public.offer_locations (location_id, offer_id);

-- HSDS 3.0 schedule shape: an RRULE-like weekly or monthly rule.
-- byday holds RRULE BYDAY values: 'TU' (every Tuesday) or, for monthly rules, '1TU' (first) … '5TU' / '-1FR' (last).
create table public.schedules (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  freq text not null check (freq in ('WEEKLY', 'MONTHLY')),
  interval smallint not null default 1 check (interval between 1 and 12),
  byday text[] not null check (cardinality(byday) between 1 and 7),
  opens_at time not null,
  closes_at time not null check (closes_at > opens_at),
  valid_from date,
  valid_to date check (valid_to >= valid_from),
  note_en text check (char_length(note_en) <= 300),
  note_cy text check (char_length(note_cy) <= 300),
  -- Weekly rules name days ('TU'); monthly rules name which one in the month ('1TU', '-1FR').
  check (
    (freq = 'WEEKLY' and array_to_string(byday, ',') ~ '^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$')
    or (freq = 'MONTHLY' and array_to_string(byday, ',') ~ '^(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)(,(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU))*$')
  )
);
create index schedules_offer_idx on public.schedules (offer_id);

create trigger organisations_updated_at before update on public.organisations for each row execute function public.set_updated_at();
create trigger locations_updated_at before update on public.locations for each row execute function public.set_updated_at();
create trigger offers_updated_at before update on public.offers for each row execute function public.set_updated_at();

alter table public.organisations enable row level security;
alter table public.locations enable row level security;
alter table public.offers enable row level security;
alter table public.offer_outcomes enable row level security;
alter table public.offer_locations enable row level security;
alter table public.schedules enable row level security;

-- Read: published organisations, and offers that are published by a published organisation.
create policy "everyone reads published organisations" on public.organisations
  for select to anon, authenticated using (status = 'published');
create policy "everyone reads locations of published organisations" on public.locations
  for select to anon, authenticated using (
    exists (select 1 from public.organisations o where o.id = organisation_id and o.status = 'published')
  );
create policy "everyone reads published offers" on public.offers
  for select to anon, authenticated using (
    status = 'published'
    and exists (select 1 from public.organisations o where o.id = organisation_id and o.status = 'published')
  );
-- Children of an offer are visible exactly when the offer is (the subquery runs under the offers policy).
create policy "everyone reads outcomes of visible offers" on public.offer_outcomes
  for select to anon, authenticated using (exists (select 1 from public.offers f where f.id = offer_id));
create policy "everyone reads locations of visible offers" on public.offer_locations
  for select to anon, authenticated using (exists (select 1 from public.offers f where f.id = offer_id));
create policy "everyone reads schedules of visible offers" on public.schedules
  for select to anon, authenticated using (exists (select 1 from public.offers f where f.id = offer_id));

-- Write: service_role only, for now (accounts and group editing come later).
create policy "service role manages organisations" on public.organisations for all to service_role using (true) with check (true);
create policy "service role manages locations" on public.locations for all to service_role using (true) with check (true);
create policy "service role manages offers" on public.offers for all to service_role using (true) with check (true);
create policy "service role manages offer outcomes" on public.offer_outcomes for all to service_role using (true) with check (true);
create policy "service role manages offer locations" on public.offer_locations for all to service_role using (true) with check (true);
create policy "service role manages schedules" on public.schedules for all to service_role using (true) with check (true);

-- RLS does not govern TRUNCATE; the API roles never need it.
revoke truncate on all tables in schema public from anon, authenticated;
