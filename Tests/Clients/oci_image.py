#!/usr/bin/env python3
"""Write an OCI image archive (image-spec image layout in a tar) of one layer
made from a root filesystem directory, for `ctr images import`.

    oci_image.py ROOTFS OUT.tar NAME [--cmd ARG]...

The layer is an uncompressed tar of ROOTFS; the config carries Cmd, the
default PATH and the layer's diffID; index.json names the image NAME through
containerd's `io.containerd.image.name` annotation (and the OCI ref.name)."""
import argparse
import hashlib
import io
import json
import os
import tarfile


def layer_tar(rootfs):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(os.listdir(rootfs)):
            tar.add(os.path.join(rootfs, name), arcname=name)
    return buffer.getvalue()


def descriptor(media_type, data):
    return {"mediaType": media_type, "digest": "sha256:" + hashlib.sha256(data).hexdigest(), "size": len(data)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rootfs")
    parser.add_argument("out")
    parser.add_argument("name")
    parser.add_argument("--cmd", action="append", default=[])
    args = parser.parse_args()

    layer = layer_tar(args.rootfs)
    config = json.dumps({
        "architecture": "amd64", "os": "linux",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                   "Cmd": args.cmd or ["/bin/sh"]},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]},
    }).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": descriptor("application/vnd.oci.image.config.v1+json", config),
        "layers": [descriptor("application/vnd.oci.image.layer.v1.tar", layer)],
    }).encode()
    manifest_descriptor = descriptor("application/vnd.oci.image.manifest.v1+json", manifest)
    manifest_descriptor["annotations"] = {
        "io.containerd.image.name": args.name,
        "org.opencontainers.image.ref.name": args.name.rsplit(":", 1)[-1],
    }
    index = json.dumps({"schemaVersion": 2, "manifests": [manifest_descriptor]}).encode()

    with tarfile.open(args.out, "w") as out:
        def add(name, data):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
        add("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
        add("index.json", index)
        for blob in (layer, config, manifest):
            add("blobs/sha256/" + hashlib.sha256(blob).hexdigest(), blob)


if __name__ == "__main__":
    main()
