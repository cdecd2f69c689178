"""Fixtures shared by the test files of this directory."""
import pytest


@pytest.fixture(scope="session")
def client():
    """A Dask client of a local cluster of two worker processes, one thread each, as
    on a real cluster: each partition's state crosses a process boundary as bytes.
    One cluster for the whole run (starting one takes seconds)."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()
