from django.db import migrations

# PostgreSQL only (SQLite searches the value and zone rows and the normalized words instead).
#
# A trigger keeps what search reads in step with the row, whatever wrote it: the ORM, a bulk
# COPY of the import, or an ``update()`` of the status or of a flag (the demo seeding and the
# review actions write those). It sets
# - ``search_vector``: the weighted French text vector (name A, labels B, description C), without
#   accents (translate() needs no extension, unlike unaccent), as indexing.py used to compute it;
# - ``search_tokens``: every filter value of the service as one word each, GIN-indexed, so that a
#   search is a few index conditions ANDed and its facets one pass over the matches:
#   ``st:<status>``, ``th:<thématique>``, ``pub:<public>``, ``mode:<mode d'accueil>``,
#   ``type:<type>``, ``frais:<frais>``, ``ref`` (takes referrals through Maillage), and
#   ``zone:<code>`` for each code of the eligibility zone (none declared: the service's commune,
#   else its structure's). The suspension dates stay columns: search rechecks them on the rows.
FORWARD = [
    "ALTER TABLE directory_service ADD COLUMN search_tokens text[] NOT NULL DEFAULT '{}'",
    """
CREATE FUNCTION directory_tokens(prefix text, vals jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT prefix || v), '{}')
    FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(vals) = 'array' THEN vals ELSE '[]'::jsonb END
    ) AS v
    WHERE v <> ''
$$
""",
    """
CREATE FUNCTION directory_service_search_fields() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    zones jsonb := NEW.zone_eligibilite;
    own_code text;
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('french'::regconfig, translate(lower(coalesce(NEW.nom, '')),
            'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')), 'A')
        || setweight(to_tsvector('french'::regconfig,
            translate(lower(coalesce(NEW.search_labels, '')),
            'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')), 'B')
        || setweight(to_tsvector('french'::regconfig,
            translate(lower(coalesce(NEW.description, '')),
            'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')), 'C');
    IF jsonb_typeof(zones) IS DISTINCT FROM 'array' OR jsonb_array_length(zones) = 0 THEN
        own_code := nullif(NEW.code_insee, '');
        IF own_code IS NULL THEN
            SELECT nullif(code_insee, '') INTO own_code
            FROM directory_structure WHERE id = NEW.structure_id;
        END IF;
        zones := CASE WHEN own_code IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(own_code) END;
    END IF;
    NEW.search_tokens := ARRAY['st:' || NEW.status]
        || CASE WHEN NEW.type <> '' THEN ARRAY['type:' || NEW.type] ELSE '{}'::text[] END
        || CASE WHEN NEW.frais <> '' THEN ARRAY['frais:' || NEW.frais] ELSE '{}'::text[] END
        || CASE WHEN NEW.accepts_referrals THEN ARRAY['ref'] ELSE '{}'::text[] END
        || directory_tokens('th:', NEW.thematiques)
        || directory_tokens('pub:', NEW.publics)
        || directory_tokens('mode:', NEW.modes_accueil)
        || directory_tokens('zone:', zones);
    RETURN NEW;
END
$$
""",
    "CREATE TRIGGER directory_service_search_fields BEFORE INSERT OR UPDATE ON directory_service "
    "FOR EACH ROW EXECUTE FUNCTION directory_service_search_fields()",
    # Rows already there get their tokens (the trigger runs on any update).
    "UPDATE directory_service SET id = id",
    "CREATE INDEX directory_service_search_tokens_gin ON directory_service "
    "USING gin (search_tokens)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_search_tokens_gin",
    "DROP TRIGGER IF EXISTS directory_service_search_fields ON directory_service",
    "DROP FUNCTION IF EXISTS directory_service_search_fields()",
    "DROP FUNCTION IF EXISTS directory_tokens(text, jsonb)",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_tokens",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """Search tokens and text vector kept by a trigger on PostgreSQL (see the comment above)."""

    dependencies = [("directory", "0002_search_vector_gin")]
    operations = [migrations.RunPython(forward, backward)]
