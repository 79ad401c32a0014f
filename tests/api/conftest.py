import pytest

from maillage.demo.data import DIRECTORY_EXTENSIONS, DIRECTORY_SOURCE
from maillage.demo.management.commands.seed_demo import DATA_DIR
from maillage.directory.importers import import_dataincl
from maillage.directory.models import Service


@pytest.fixture
def demo_directory(db):
    """The demo directory (25 services over our territories), imported as make demo does."""
    import_dataincl(
        source=DIRECTORY_SOURCE,
        structures_path=DATA_DIR / "structures.json",
        services_path=DATA_DIR / "services.json",
    )
    for di_id, values in DIRECTORY_EXTENSIONS.items():
        Service.objects.filter(di_id=di_id).update(**values)
    return Service.objects.all()
