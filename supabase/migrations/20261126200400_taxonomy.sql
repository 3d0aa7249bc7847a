-- Fields of action (Handlungsfelder) of the municipality's digital agenda: the taxonomy every
-- idea, goal and measure hangs from. Slugs are stable identifiers used in URLs and open data.
-- Public; admins edit, and every change leaves an audit row.

create table public.fields_of_action (
  id smallint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_de text not null check (char_length(name_de) between 2 and 120),
  name_en text not null check (char_length(name_en) between 2 and 120),
  description_de text not null default '' check (char_length(description_de) <= 2000),
  description_en text not null default '' check (char_length(description_en) <= 2000),
  colour text not null default '#005a8c' check (colour ~ '^#[0-9a-f]{6}$'),
  icon text not null default 'lightbulb' check (icon ~ '^[a-z0-9-]{1,40}$'),
  position smallint not null default 0,
  created_at timestamptz not null default now()
);

comment on table public.fields_of_action is
  'Handlungsfelder of the digital agenda; public taxonomy, edited by admins.';

alter table public.fields_of_action enable row level security;

create policy "Fields of action are visible to everyone"
  on public.fields_of_action for select
  to anon, authenticated
  using (true);

create policy "Admins add fields of action"
  on public.fields_of_action for insert
  to authenticated
  with check ((select public.has_role('admin')));

create policy "Admins change fields of action"
  on public.fields_of_action for update
  to authenticated
  using ((select public.has_role('admin')))
  with check ((select public.has_role('admin')));

create policy "Admins remove fields of action"
  on public.fields_of_action for delete
  to authenticated
  using ((select public.has_role('admin')));

revoke truncate, references, trigger on public.fields_of_action from anon, authenticated;

create trigger fields_of_action_audit after insert or update or delete on public.fields_of_action
  for each row execute function private.audit_row_change();
