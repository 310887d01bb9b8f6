-- Extensions live in the `extensions` schema, as on Supabase.
create schema if not exists extensions;
create extension if not exists cube with schema extensions;
create extension if not exists earthdistance with schema extensions;
create extension if not exists pg_trgm with schema extensions;

-- Keeps updated_at honest on every table that has one.
create or replace function public.set_updated_at() returns trigger
  language plpgsql
  set search_path = public
  as $$ begin new.updated_at := now(); return new; end $$;

-- The outcome taxonomy (DESIGN.md §2): Talking Points personal outcomes and the
-- well-being areas of the Social Services and Well-being (Wales) Act 2014, s.2.
-- Welsh text is a draft until a native speaker reviews it (cy_reviewed = false).

create table public.outcomes (
  id text primary key check (id ~ '^[a-z][a-z-]{1,40}$'),
  category text not null check (category in ('quality_of_life', 'process', 'change')),
  label_en text not null,
  label_cy text not null,
  statement_en text not null,
  statement_cy text not null,
  cy_reviewed boolean not null default false,
  sort smallint not null
);
comment on column public.outcomes.statement_en is 'The plain-language "I …" phrasing people pick from.';
comment on column public.outcomes.category is 'Process outcomes describe how support feels; they are asked about in feedback, not searched for.';

create table public.wellbeing_areas (
  id text primary key check (id ~ '^[a-z][a-z-]{1,40}$'),
  label_en text not null,
  label_cy text not null,
  cy_reviewed boolean not null default false,
  sort smallint not null
);

create table public.outcome_areas (
  outcome_id text not null references public.outcomes (id) on delete cascade,
  area_id text not null references public.wellbeing_areas (id) on delete cascade,
  primary key (outcome_id, area_id)
);

alter table public.outcomes enable row level security;
alter table public.wellbeing_areas enable row level security;
alter table public.outcome_areas enable row level security;

create policy "everyone reads outcomes" on public.outcomes for select to anon, authenticated using (true);
create policy "service role manages outcomes" on public.outcomes for all to service_role using (true) with check (true);
create policy "everyone reads well-being areas" on public.wellbeing_areas for select to anon, authenticated using (true);
create policy "service role manages well-being areas" on public.wellbeing_areas for all to service_role using (true) with check (true);
create policy "everyone reads outcome areas" on public.outcome_areas for select to anon, authenticated using (true);
create policy "service role manages outcome areas" on public.outcome_areas for all to service_role using (true) with check (true);

insert into public.outcomes (id, category, sort, label_en, statement_en, label_cy, statement_cy) values
  ('feeling-safe', 'quality_of_life', 1, 'Feeling safe', 'I want to feel safe at home and when I''m out', 'Teimlo''n ddiogel', 'Rydw i eisiau teimlo''n ddiogel gartref a phan fydda i allan'),
  ('things-to-do', 'quality_of_life', 2, 'Having things to do', 'I want to have things to do that I enjoy', 'Cael pethau i''w gwneud', 'Rydw i eisiau cael pethau i''w gwneud rydw i''n eu mwynhau'),
  ('seeing-people', 'quality_of_life', 3, 'Seeing people', 'I want to see people more', 'Gweld pobl', 'Rydw i eisiau gweld pobl yn amlach'),
  ('staying-well', 'quality_of_life', 4, 'Staying as well as you can', 'I want to stay as well as I can', 'Aros mor iach â phosibl', 'Rydw i eisiau aros mor iach ag y galla i'),
  ('living-as-i-want', 'quality_of_life', 5, 'Living where and as you want', 'I want to live where and how I choose', 'Byw lle a sut rydych chi eisiau', 'Rydw i eisiau byw lle a sut rydw i''n dewis'),
  ('dealing-with-stigma', 'quality_of_life', 6, 'Dealing with stigma or discrimination', 'I want to be treated fairly, without stigma or discrimination', 'Delio â stigma neu wahaniaethu', 'Rydw i eisiau cael fy nhrin yn deg, heb stigma na gwahaniaethu'),
  ('being-listened-to', 'process', 7, 'Being listened to', 'I want to be listened to', 'Cael gwrandawiad', 'Rydw i eisiau i bobl wrando arna i'),
  ('having-a-say', 'process', 8, 'Having a say', 'I want to have a say in what happens', 'Cael dweud eich dweud', 'Rydw i eisiau cael dweud fy nweud am beth sy''n digwydd'),
  ('treated-with-respect', 'process', 9, 'Being treated with respect', 'I want to be treated with respect', 'Cael eich trin â pharch', 'Rydw i eisiau cael fy nhrin â pharch'),
  ('responded-to', 'process', 10, 'Being responded to', 'I want a reply when I ask for something', 'Cael ymateb', 'Rydw i eisiau cael ateb pan fydda i''n gofyn am rywbeth'),
  ('reliability', 'process', 11, 'Reliability', 'I want support I can rely on', 'Dibynadwyedd', 'Rydw i eisiau cymorth y galla i ddibynnu arno'),
  ('confidence-and-morale', 'change', 12, 'Improved confidence and morale', 'I want to feel more confident and hopeful', 'Mwy o hyder a hwyliau gwell', 'Rydw i eisiau teimlo''n fwy hyderus a gobeithiol'),
  ('skills', 'change', 13, 'Improved skills', 'I want to learn new skills', 'Sgiliau gwell', 'Rydw i eisiau dysgu sgiliau newydd'),
  ('mobility', 'change', 14, 'Improved mobility', 'I want to get about more easily', 'Symud o gwmpas yn well', 'Rydw i eisiau symud o gwmpas yn haws'),
  ('reduced-symptoms', 'change', 15, 'Reduced symptoms', 'I want my symptoms to ease', 'Llai o symptomau', 'Rydw i eisiau i fy symptomau leddfu');

insert into public.wellbeing_areas (id, sort, label_en, label_cy) values
  ('health-and-emotional-wellbeing', 1, 'Physical and mental health and emotional well-being', 'Iechyd corfforol a meddyliol a lles emosiynol'),
  ('protection-from-abuse', 2, 'Protection from abuse and neglect', 'Amddiffyn rhag camdriniaeth ac esgeulustod'),
  ('education-training-recreation', 3, 'Education, training and recreation', 'Addysg, hyfforddiant a hamdden'),
  ('relationships', 4, 'Domestic, family and personal relationships', 'Perthnasoedd domestig, teuluol a phersonol'),
  ('contribution-to-society', 5, 'Contribution made to society', 'Cyfraniad a wneir i''r gymdeithas'),
  ('rights-and-entitlements', 6, 'Securing rights and entitlements', 'Sicrhau hawliau a hawliadau'),
  ('social-and-economic', 7, 'Social and economic well-being', 'Lles cymdeithasol ac economaidd'),
  ('living-accommodation', 8, 'Suitability of living accommodation', 'Addasrwydd llety byw');

insert into public.outcome_areas (outcome_id, area_id) values
  ('feeling-safe', 'protection-from-abuse'), ('feeling-safe', 'living-accommodation'),
  ('things-to-do', 'education-training-recreation'), ('things-to-do', 'contribution-to-society'),
  ('seeing-people', 'relationships'), ('seeing-people', 'social-and-economic'),
  ('staying-well', 'health-and-emotional-wellbeing'),
  ('living-as-i-want', 'living-accommodation'), ('living-as-i-want', 'rights-and-entitlements'),
  ('dealing-with-stigma', 'rights-and-entitlements'), ('dealing-with-stigma', 'social-and-economic'),
  ('being-listened-to', 'rights-and-entitlements'),
  ('having-a-say', 'rights-and-entitlements'), ('having-a-say', 'contribution-to-society'),
  ('treated-with-respect', 'rights-and-entitlements'),
  ('responded-to', 'rights-and-entitlements'),
  ('reliability', 'rights-and-entitlements'),
  ('confidence-and-morale', 'health-and-emotional-wellbeing'), ('confidence-and-morale', 'social-and-economic'),
  ('skills', 'education-training-recreation'), ('skills', 'social-and-economic'),
  ('mobility', 'health-and-emotional-wellbeing'),
  ('reduced-symptoms', 'health-and-emotional-wellbeing');
