#!/usr/bin/env python3
"""One description of a DIDimo network (network/<name>.json), and what is made from it.

    python3 scripts/network.py compose [DESCRIPTION]
        Prints the docker-compose.yml of the network (the committed docker-compose.yml is
        this output for network/local.json).
    python3 scripts/network.py args NODE [DESCRIPTION] [--base-path DIR]
        Prints, one per line, the didimo-node arguments that start NODE as a process on this
        host (loopback addresses, the same ports, keys and boot node as in the compose file).
    python3 scripts/network.py light-spec [DESCRIPTION] --node PATH [--host HOST]
        Prints the raw chain spec (`didimo-node build-spec --chain <chain> --raw` of the node
        binary at PATH) with bootNodes a light client can dial: the RPC node's libp2p
        addresses over TCP (native clients) and WebSocket (browsers too), at HOST (default
        127.0.0.1, where scripts/local-net.sh and the compose file's published ports put them;
        a name gives /dns/ addresses).
    python3 scripts/network.py nodes [DESCRIPTION]
        Prints each node's name, role, RPC port and P2P port, one node per line.
    python3 scripts/network.py check [DESCRIPTION] [--node PATH] [--compose FILE]
        Checks the description (unique names and ports, one boot node) and that the compose
        file is exactly what `compose` makes and parses (YAML) to the services, ports, volumes
        and health checks the description implies; with --node, that every peer id follows
        from its node key (`didimo-node key inspect-node-key`) and that `light-spec` makes a
        raw spec with the RPC node's TCP and WebSocket bootnodes; with Docker Compose present,
        `docker compose config`. Exits 1 with what differs.

The compose file and scripts/local-net.sh therefore cannot drift: both come from the
description, and scripts/test.sh runs `check`.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "network" / "local.json"
COMPOSE = ROOT / "docker-compose.yml"
# Inside a container the node's database and keystore live here (a volume).
DATA = "/data"


def load(path):
    description = json.loads(Path(path).read_text())
    validate(description)
    return description


def fail(message):
    print(f"[network] {message}", file=sys.stderr)
    sys.exit(1)


def validate(description):
    nodes = description["nodes"]
    names = [n["name"] for n in nodes]
    if len(set(names)) != len(names):
        fail(f"node names repeat: {names}")
    ports = [n[p] for n in nodes for p in ("p2p_port", "rpc_port", "prometheus_port")]
    ports += [n[p] for n in nodes for p in ("did_resolver_port", "p2p_ws_port") if p in n]
    if len(set(ports)) != len(ports):
        fail(f"ports repeat: {sorted(ports)}")
    if description["boot_node"] not in names:
        fail(f"the boot node {description['boot_node']} is not a node")
    for node in nodes:
        if node["role"] not in ("validator", "rpc"):
            fail(f"{node['name']}: role must be validator or rpc")
        if len(node["node_key"]) != 64 or int(node["node_key"], 16) < 0:
            fail(f"{node['name']}: node_key must be 64 hex digits")
        if node["role"] == "validator" and not node.get("keys"):
            fail(f"{node['name']}: a validator needs its keys flag (--alice, ...)")
    if sum(1 for n in nodes if n["role"] == "rpc") != 1:
        fail("exactly one node serves RPC to the outside")
    if any("p2p_ws_port" in n for n in nodes if n["role"] != "rpc"):
        fail("only the RPC node listens for light clients on WebSocket")


def rpc_node(description):
    return next(n for n in description["nodes"] if n["role"] == "rpc")


def light_boot_nodes(description, host):
    """The RPC node's libp2p addresses a light client dials: TCP, and WebSocket if it has one."""
    node = rpc_node(description)
    protocol = "ip4" if host.replace(".", "").isdigit() else "dns"
    addresses = [f"/{protocol}/{host}/tcp/{node['p2p_port']}/p2p/{node['peer_id']}"]
    if "p2p_ws_port" in node:
        addresses.append(f"/{protocol}/{host}/tcp/{node['p2p_ws_port']}/ws/p2p/{node['peer_id']}")
    return addresses


def light_spec(description, node_binary, host):
    """The network's raw chain spec with the light clients' boot nodes."""
    result = subprocess.run([node_binary, "build-spec", "--chain", description["chain"], "--raw"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{node_binary} build-spec failed: {result.stderr.strip()[-500:]}")
    spec = json.loads(result.stdout)
    spec["bootNodes"] = light_boot_nodes(description, host)
    return spec


def boot_node(description, host):
    """The boot node's multiaddr: `host` is its DNS name in compose, 127.0.0.1 as processes."""
    boot = next(n for n in description["nodes"] if n["name"] == description["boot_node"])
    protocol = "ip4" if host == "127.0.0.1" else "dns"
    return f"/{protocol}/{host}/tcp/{boot['p2p_port']}/p2p/{boot['peer_id']}"


def node_args(description, node, in_container):
    """The arguments of one node; the same in compose and as processes but for addresses."""
    listen = "0.0.0.0" if in_container else "127.0.0.1"
    args = ["--chain", description["chain"], "--name", node["name"]]
    args += ["--node-key", node["node_key"]]
    args += ["--listen-addr", f"/ip4/{listen}/tcp/{node['p2p_port']}"]
    if "p2p_ws_port" in node:
        # libp2p over WebSocket, which light clients in browsers can dial (native ones use TCP).
        args += ["--listen-addr", f"/ip4/{listen}/tcp/{node['p2p_ws_port']}/ws"]
    args += ["--rpc-port", str(node["rpc_port"])]
    args += ["--prometheus-port", str(node["prometheus_port"])]
    args += ["--no-mdns", "--no-telemetry"]
    if in_container:
        args += ["--base-path", DATA, "--prometheus-external"]
    if node["role"] == "validator":
        args.append(node["keys"])
    else:
        # The one node wallets and applications reach: RPC on every interface (in compose,
        # published to the host's loopback), safe methods only, and the DID resolver.
        args += ["--rpc-external", "--rpc-methods", "safe", "--rpc-cors", "all"]
        if "did_resolver_port" in node:
            args += ["--did-resolver-port", str(node["did_resolver_port"])]
            if in_container:
                args.append("--did-resolver-external")
    if node["name"] != description["boot_node"]:
        boot_host = description["boot_node"] if in_container else "127.0.0.1"
        args += ["--bootnodes", boot_node(description, boot_host)]
    return args


def quote(value):
    """A YAML scalar: quoted when it could be read as something else."""
    text = str(value)
    if text and all(c.isalnum() or c in "-_./:" for c in text) and not text[0].isdigit():
        return text
    return json.dumps(text)


def health_check(node):
    # The runtime image has bash but no curl: bash's /dev/tcp asks the node's own RPC server.
    probe = (
        f"exec 3<>/dev/tcp/127.0.0.1/{node['rpc_port']} && "
        "printf 'GET /health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && "
        "head -n 1 <&3 | grep -q ' 200 '"
    )
    return ["CMD", "bash", "-c", probe]


def compose(description):
    lines = [
        "# Generated by `python3 scripts/network.py compose` from network/local.json: edit that file,",
        "# then regenerate this one (scripts/test.sh checks that they agree).",
        f"# {description['description']}",
        f"name: {quote(description['name'])}",
        "",
        "x-node: &node",
        f"  image: {quote(description['image'])}",
        "  build:",
        "    context: .",
        "    dockerfile: Dockerfile",
        "  restart: unless-stopped",
        "  stop_grace_period: 30s",
        "",
        "services:",
    ]
    for node in description["nodes"]:
        name = node["name"]
        lines += [f"  {name}:", "    <<: *node", f"    container_name: {quote(description['name'] + '-' + name)}"]
        lines.append("    command:")
        lines += [f"      - {quote(a)}" for a in node_args(description, node, True)]
        lines.append("    volumes:")
        lines.append(f"      - {name}-data:{DATA}")
        lines.append("    ports:")
        published = [node["prometheus_port"]]
        if node["role"] == "rpc":
            published.append(node["rpc_port"])
            if "did_resolver_port" in node:
                published.append(node["did_resolver_port"])
            # Its libp2p ports, for light clients (they dial peers, not RPC).
            published.append(node["p2p_port"])
            if "p2p_ws_port" in node:
                published.append(node["p2p_ws_port"])
        lines += [f"      - {quote(f'127.0.0.1:{port}:{port}')}" for port in published]
        lines.append("    healthcheck:")
        lines.append("      test:")
        lines += [f"        - {json.dumps(part)}" for part in health_check(node)]
        lines += ["      interval: 10s", "      timeout: 5s", "      retries: 30", "      start_period: 60s"]
        if name != description["boot_node"]:
            lines += ["    depends_on:", f"      {description['boot_node']}:", "        condition: service_started"]
    lines += ["", "volumes:"]
    lines += [f"  {n['name']}-data: {{}}" for n in description["nodes"]]
    return "\n".join(lines) + "\n"


def check(description, node_binary, compose_file):
    problems = []
    text = Path(compose_file).read_text()
    expected = compose(description)
    if text != expected:
        problems.append(f"{compose_file} is not what `scripts/network.py compose` makes: regenerate it")
    try:
        import yaml
    except ImportError:
        fail("PyYAML is missing (scripts/setup.sh installs python3-yaml)")
    parsed = yaml.safe_load(text)
    services = parsed.get("services", {})
    if sorted(services) != sorted(n["name"] for n in description["nodes"]):
        problems.append(f"services {sorted(services)} are not the description's nodes")
    for node in description["nodes"]:
        service = services.get(node["name"], {})
        if service.get("command") != node_args(description, node, True):
            problems.append(f"{node['name']}: command differs from the description")
        if service.get("image") != description["image"]:
            problems.append(f"{node['name']}: image is not {description['image']}")
        published = service.get("ports", [])
        rpc = f"127.0.0.1:{node['rpc_port']}:{node['rpc_port']}"
        if (rpc in published) != (node["role"] == "rpc"):
            problems.append(f"{node['name']}: RPC must be published by the RPC node only")
        if any(not str(p).startswith("127.0.0.1:") for p in published):
            problems.append(f"{node['name']}: a port is published beyond the host's loopback")
        if service.get("healthcheck", {}).get("test") != health_check(node):
            problems.append(f"{node['name']}: no readiness health check")
        if f"{node['name']}-data:{DATA}" not in service.get("volumes", []):
            problems.append(f"{node['name']}: no data volume")
    if node_binary:
        for node in description["nodes"]:
            peer_id = subprocess.run(
                [node_binary, "key", "inspect-node-key"], input=node["node_key"],
                capture_output=True, text=True, check=True,
            ).stdout.strip()
            if peer_id != node["peer_id"]:
                problems.append(f"{node['name']}: its node key gives peer id {peer_id}, not {node['peer_id']}")
        spec = light_spec(description, node_binary, "127.0.0.1")
        node = rpc_node(description)
        expected_boot = light_boot_nodes(description, "127.0.0.1")
        if spec.get("bootNodes") != expected_boot or not any("/ws/" in b for b in expected_boot):
            problems.append(f"light-spec: boot nodes {spec.get('bootNodes')} lack the RPC node's TCP and WebSocket addresses")
        if "raw" not in spec.get("genesis", {}):
            problems.append("light-spec: the spec is not raw (a light client needs the genesis storage)")
        listens = node_args(description, node, False)
        for address in expected_boot:
            port = address.split("/tcp/")[1].split("/")[0]
            if not any(a.startswith("/ip4/") and f"/tcp/{port}" in a for a in listens):
                problems.append(f"light-spec: the RPC node does not listen where {address} points")
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        result = subprocess.run([docker, "compose", "-f", str(compose_file), "config", "-q"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            problems.append(f"docker compose config: {result.stderr.strip()}")
    if problems:
        fail("\n".join(problems))
    print(f"[network] {compose_file} matches {len(description['nodes'])} nodes of the description")


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    options = {}
    positional = []
    while rest:
        item = rest.pop(0)
        if item.startswith("--"):
            options[item] = rest.pop(0) if rest else fail(f"{item} needs a value")
        else:
            positional.append(item)
    if command == "args":
        if not positional:
            fail("args needs a node name")
        name = positional.pop(0)
        description = load(positional[0] if positional else DEFAULT)
        node = next((n for n in description["nodes"] if n["name"] == name), None)
        if node is None:
            fail(f"no node {name}")
        args = node_args(description, node, False)
        if "--base-path" in options:
            args += ["--base-path", options["--base-path"]]
        print("\n".join(args))
    elif command == "compose":
        print(compose(load(positional[0] if positional else DEFAULT)), end="")
    elif command == "light-spec":
        if "--node" not in options:
            fail("light-spec needs --node PATH (the didimo-node binary of the network)")
        description = load(positional[0] if positional else DEFAULT)
        spec = light_spec(description, options["--node"], options.get("--host", "127.0.0.1"))
        print(json.dumps(spec, indent=2))
    elif command == "nodes":
        for node in load(positional[0] if positional else DEFAULT)["nodes"]:
            print(node["name"], node["role"], node["rpc_port"], node["p2p_port"])
    elif command == "check":
        description = load(positional[0] if positional else DEFAULT)
        check(description, options.get("--node"), options.get("--compose", COMPOSE))
    else:
        fail(f"unknown command {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
