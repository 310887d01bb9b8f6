-- Open Referral UK (issue 9): the directory published as an HSDS 3.0 API, and other directories'
-- HSDS data imported into it.
--
--   source / source_id         where an imported row came from and its id there; re-importing upserts by them
--   offers.minimum_age/_age    the HSDS age range (the API filters on it; imports carry it)
--   offers.source_terms        the source's taxonomy terms no mapping turned into an outcome, for a moderator
--   openreferral_term_mappings a source's taxonomy term → one of our outcomes (admins keep it)
--   openreferral_imports       one row per import: who, from where, what it did, the problems it found
--   openreferral_metadata()    the public part of the audit log, for HSDS `metadata`

alter table public.organisations
  add column source text check (char_length(source) between 1 and 100),
  add column source_id text check (char_length(source_id) between 1 and 200),
  add column imported_at timestamptz,
  add constraint organisations_source_pair check ((source is null) = (source_id is null));
create unique index organisations_source_idx on public.organisations (source, source_id) where source is not null;
comment on column public.organisations.source is
  'The directory an imported organisation came from; no group edits it until someone claims it (it has no members until then).';

alter table public.offers
  add column source text check (char_length(source) between 1 and 100),
  add column source_id text check (char_length(source_id) between 1 and 200),
  add column imported_at timestamptz,
  add column source_terms text[] not null default '{}' check (cardinality(source_terms) <= 50),
  add column minimum_age smallint check (minimum_age between 0 and 120),
  add column maximum_age smallint check (maximum_age between 0 and 120),
  add constraint offers_source_pair check ((source is null) = (source_id is null)),
  add constraint offers_age_range check (minimum_age is null or maximum_age is null or minimum_age <= maximum_age);
create unique index offers_source_idx on public.offers (source, source_id) where source is not null;
comment on column public.offers.source_terms is
  'Names of the source''s taxonomy terms that no mapping turned into an outcome: what a moderator tags from.';

alter table public.locations
  add column source text check (char_length(source) between 1 and 100),
  add column source_id text check (char_length(source_id) between 1 and 200),
  add constraint locations_source_pair check ((source is null) = (source_id is null));
create unique index locations_source_idx on public.locations (source, source_id) where source is not null;

-- Only the import (service_role) writes the source columns; a member or moderator who edits a row
-- keeps them as they were, so a claimed group's listing still says where it came from.
create or replace function public.keep_source() returns trigger
  language plpgsql set search_path = pg_catalog, pg_temp
  as $$
  begin
    if public.acting_for_a_request() then
      if tg_op = 'INSERT' then
        if new.source is not null or new.source_id is not null then
          raise exception 'Only an import sets where a listing came from' using errcode = '42501';
        end if;
      elsif (new.source, new.source_id) is distinct from (old.source, old.source_id) then
        raise exception 'Only an import sets where a listing came from' using errcode = '42501';
      end if;
    end if;
    return new;
  end
  $$;
create trigger organisations_keep_source before insert or update on public.organisations
  for each row execute function public.keep_source();
create trigger offers_keep_source before insert or update on public.offers
  for each row execute function public.keep_source();
create trigger locations_keep_source before insert or update on public.locations
  for each row execute function public.keep_source();

-- ---------------------------------------------------------------------------------------------
-- Taxonomy mappings: a term of another directory's taxonomy stands for one of our outcomes.
-- `term` matches the term's id, its code (`term`) or its name, ignoring case; `taxonomy` ('' = any)
-- matches the taxonomy's id or name.

create table public.openreferral_term_mappings (
  id uuid primary key default gen_random_uuid(),
  taxonomy text not null default '' check (char_length(taxonomy) <= 200),
  term text not null check (char_length(btrim(term)) between 1 and 200),
  outcome_id text not null references public.outcomes (id) on delete cascade,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);
create unique index openreferral_term_mappings_unique
  on public.openreferral_term_mappings (lower(taxonomy), lower(term), outcome_id);
alter table public.openreferral_term_mappings enable row level security;
create policy "admins read term mappings" on public.openreferral_term_mappings
  for select to authenticated using (public.has_role('admin'));
create policy "admins add term mappings" on public.openreferral_term_mappings
  for insert to authenticated with check (public.has_role('admin') and created_by = auth.uid());
create policy "admins remove term mappings" on public.openreferral_term_mappings
  for delete to authenticated using (public.has_role('admin'));
create policy "service role manages term mappings" on public.openreferral_term_mappings
  for all to service_role using (true) with check (true);
revoke update on public.openreferral_term_mappings from anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- The import log. Imports run as service_role (the CLI, or the admin page after its admin check).

create table public.openreferral_imports (
  id uuid primary key default gen_random_uuid(),
  source text not null check (char_length(source) between 1 and 100),
  files text[] not null default '{}' check (cardinality(files) <= 50),
  mode text not null check (mode in ('all_or_nothing', 'valid_only')),
  outcome text not null check (outcome in ('imported', 'rejected')),
  imported_by uuid references auth.users (id) on delete set null,
  organisations_added integer not null default 0,
  organisations_updated integer not null default 0,
  services_added integer not null default 0,
  services_updated integer not null default 0,
  services_to_tag integer not null default 0,
  records_skipped integer not null default 0,
  -- The first problems found, as the report showed them ({record, field, problem}).
  problems jsonb not null default '[]' check (jsonb_typeof(problems) = 'array'),
  created_at timestamptz not null default now()
);
create index openreferral_imports_recent_idx on public.openreferral_imports (created_at desc);
alter table public.openreferral_imports enable row level security;
create policy "admins read imports" on public.openreferral_imports
  for select to authenticated using (public.has_role('admin'));
create policy "service role manages imports" on public.openreferral_imports
  for all to service_role using (true) with check (true);

-- Neither is anyone's business without a sign-in; RLS picks the admins out of those signed in.
revoke all on public.openreferral_term_mappings, public.openreferral_imports from anon;
revoke insert, update, delete on public.openreferral_imports from authenticated;
revoke truncate on public.openreferral_term_mappings, public.openreferral_imports from anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- HSDS `metadata` for published rows: the audit log's public fields only, and who changed them
-- as a role ("group" or "moderator"), never as a person.

create function public.openreferral_metadata(resource_ids uuid[])
  returns table (
    id bigint, resource_id uuid, resource_type text, last_action_date timestamptz, last_action_type text,
    field_name text, previous_value text, replacement_value text, updated_by text
  )
  language sql stable security definer set search_path = pg_catalog, pg_temp
  as $$
    select a.id, a.resource_id, a.resource_type, a.updated_at, a.action_type, a.field_name,
           a.previous_value, a.replacement_value,
           case when a.updated_by is not null and exists (
                  select 1 from public.organisation_members m
                   where m.organisation_id = a.organisation_id and m.user_id = a.updated_by)
                then 'group' else 'moderator' end
      from public.audit_log a
     where a.resource_id = any(resource_ids[1:500])
       and a.field_name in ('', 'name', 'name_cy', 'description_en', 'description_cy', 'email', 'phone', 'website',
                            'charity_number', 'company_number', 'title_en', 'title_cy', 'kind', 'cost', 'cost_note_en',
                            'cost_note_cy', 'languages', 'who_for', 'access', 'attendance', 'capacity', 'contact_email',
                            'contact_phone', 'outcomes', 'address', 'town', 'postcode', 'lat', 'lng', 'accessibility',
                            'minimum_age', 'maximum_age')
       and case a.resource_type
             when 'organization' then exists (select 1 from public.organisations o where o.id = a.resource_id and o.status = 'published')
             when 'service' then exists (
               select 1 from public.offers f join public.organisations o on o.id = f.organisation_id
                where f.id = a.resource_id and f.status = 'published' and o.status = 'published')
             when 'location' then exists (
               select 1 from public.locations l join public.organisations o on o.id = l.organisation_id
                where l.id = a.resource_id and o.status = 'published')
             else false
           end
     order by a.resource_id, a.updated_at desc, a.id desc
  $$;
revoke execute on function public.openreferral_metadata(uuid[]) from public, anon, authenticated;
grant execute on function public.openreferral_metadata(uuid[]) to anon, authenticated, service_role;
