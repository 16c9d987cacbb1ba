"""One measured Apache Libcloud storage operation, for bench/libcloud.ts.

Reads its task from the LIBCLOUD_BENCH_SPEC environment variable (JSON), performs it once
with libcloud and prints one JSON line on stdout:

    {"seconds": ..., "bytes": ..., "count": ..., "peakRss": ..., "cpu": ...}

``seconds`` and ``cpu`` (user + system CPU seconds) cover the operation only, not the
interpreter start or the imports; ``peakRss`` is the process's peak resident set size in
bytes (``resource.getrusage``: Linux reports kilobytes), which does include them, like the
nubes side's ``process.resourceUsage().maxRSS``. A failure prints
``{"error": "..."}`` and exits 2, so the caller can show it in its row.

Run with the interpreter the Debian package ``python3-libcloud`` installs into
(``/usr/bin/python3``).
"""
import json
import os
import resource
import sys
import time

def make_driver(spec):
    provider = spec['provider']
    if provider == 'local':
        from libcloud.storage.drivers.local import LocalStorageDriver
        return LocalStorageDriver(spec['root'])
    if provider == 's3':
        # The plain S3 driver accepts a custom host and port; the region must be one it
        # knows (Swift's s3api is set up with location us-east-1), and signs with SigV4.
        from libcloud.storage.drivers.s3 import S3StorageDriver
        s3 = spec['s3']
        return S3StorageDriver(s3['key'], s3['secret'], secure=False, host=s3['host'], port=s3['port'], region=s3['region'])
    if provider == 'swift':
        # TempAuth (Swift's v1.0 auth) gives the token; libcloud 3.4.1 finds no endpoint in
        # the catalog it builds from the v1.0 answer ('Could not find specified endpoint'), so the
        # storage URL TempAuth returns (X-Storage-Url) is given as ex_force_base_url.
        from libcloud.storage.drivers.cloudfiles import OpenStackSwiftStorageDriver
        sw = spec['swift']
        return OpenStackSwiftStorageDriver(sw['user'], sw['key'], secure=False,
                                           ex_force_auth_url=sw['authUrl'], ex_force_auth_version='1.0',
                                           ex_force_base_url=sw['storageUrl'])
    if provider == 'azure':
        # A custom host that is not one of Azure's suffixes: libcloud puts the account in
        # the path (/devstoreaccount1/...), as Azurite expects.
        from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver
        az = spec['azure']
        return AzureBlobsStorageDriver(az['account'], az['key'], secure=False, host=az['host'], port=az['port'])
    raise ValueError('unknown provider %r' % provider)


def run(spec):
    driver = make_driver(spec)
    op = spec['op']
    container_name = spec['container']
    name = spec.get('name')
    moved = 0
    count = 0
    if op == 'upload-file':
        container = driver.get_container(container_name)
        obj = driver.upload_object(spec['file'], container, name)
        moved = obj.size
    elif op == 'upload-stream':
        # An open file, not a generator: libcloud hashes the stream after sending it
        # (StorageDriver._upload_object → _hash_buffered_stream), which re-reads a seekable
        # file but finds a generator exhausted, so Swift rejects a generator's upload with
        # ObjectHashMismatchError (expected the MD5 of nothing).
        container = driver.get_container(container_name)
        with open(spec['file'], 'rb') as source:
            obj = driver.upload_object_via_stream(source, container, name)
        moved = spec['size']
    elif op == 'download-file':
        obj = driver.get_object(container_name, name)
        if not driver.download_object(obj, spec['dest'], overwrite_existing=True):
            raise RuntimeError('download_object returned False')
        moved = os.path.getsize(spec['dest'])
    elif op == 'download-stream':
        obj = driver.get_object(container_name, name)
        for chunk in driver.download_object_as_stream(obj):
            moved += len(chunk)
    elif op == 'list':
        container = driver.get_container(container_name)
        for _ in driver.iterate_container_objects(container):
            count += 1
    else:
        raise ValueError('unknown op %r' % op)
    return moved, count


def main():
    spec = json.loads(os.environ['LIBCLOUD_BENCH_SPEC'])
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    try:
        moved, count = run(spec)
    except Exception as err:  # the caller shows the reason in its row
        print(json.dumps({'error': '%s: %s' % (type(err).__name__, str(err)[:300])}))
        sys.exit(2)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({'seconds': seconds, 'bytes': moved, 'count': count, 'peakRss': after.ru_maxrss * 1024, 'cpu': cpu}))


if __name__ == '__main__':
    main()
