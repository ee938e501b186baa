#!/usr/bin/env python3
"""Renders what the contract in proto/ decides, from its descriptors:

- docs/api.md, from the comments and each RPC's access rule, after checking that every RPC,
  message and enum the comments name in backticks exists (the walkthrough in common.proto cannot
  drift from the services);
- Sources/RentGuyProto/IdempotentRequests.swift, every request message with an `idempotency_key`
  as an `IdempotentRequest` (what the idempotency interceptor reads);
- Sources/RentGuyProto/RPCAccessRules.swift, the `rentguy.common.v1.access` option of
  every RPC as a table the server's auth interceptor, ListPermissions and the built-in roles use,
  after checking that every RPC declares exactly one rule and every permission one description.

  render-contract.py           write both
  render-contract.py --check   fail when either differs from what the protos say
"""
import os
import re
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "api.md")
ACCESS_OUT = os.path.join(ROOT, "Sources", "RentGuyProto", "RPCAccessRules.swift")
ACCESS_PROTO = "rentguy/common/v1/access.proto"
IDEMPOTENT_OUT = os.path.join(ROOT, "Sources", "RentGuyProto", "IdempotentRequests.swift")
UNARY_OUT = os.path.join(ROOT, "Sources", "RentGuyProto", "UnaryMethods.swift")
ORDER = ["common", "identity", "booking", "warehouse", "payment", "export"]

TYPE_NAMES = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 8: "bool", 9: "string",
    12: "bytes", 13: "uint32", 15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64",
}


def load():
    protos = []
    for folder, _, files in os.walk(os.path.join(ROOT, "proto")):
        protos += [os.path.relpath(os.path.join(folder, f), os.path.join(ROOT, "proto"))
                   for f in files if f.endswith(".proto")]
    protos.sort(key=lambda p: (ORDER.index(p.split("/")[1]) if p.split("/")[1] in ORDER else 99, p))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "api.pb")
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                               "-I", "/usr/include", "--include_source_info", "--descriptor_set_out", out, *protos])
        # The access option's Python module, so that the descriptors' options parse with it.
        subprocess.check_call([sys.executable, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "proto"),
                               "-I", "/usr/include", "--python_out", tmp, ACCESS_PROTO])
        sys.path.insert(0, tmp)
        global access_pb2
        from rentguy.common.v1 import access_pb2  # noqa: E402
        files = descriptor_pb2.FileDescriptorSet.FromString(open(out, "rb").read()).file
    return [f for f in files if f.name in protos]


def access_rules(files):
    """(full method path, RpcAccess) for every RPC, and the problems with the rules."""
    rules, problems = [], []
    described = {}
    global STREAMING
    STREAMING = []
    for file in files:
        for service in file.service:
            for declared in service.options.Extensions[access_pb2.permissions]:
                if not re.fullmatch(r"[a-z]+\.[a-z_]+\.[a-z_]+", declared.name) or not declared.description:
                    problems.append("%s: declared permission '%s' needs a <service>.<resource>.<verb> name and a description"
                                    % (service.name, declared.name))
                if declared.name in described:
                    problems.append("%s: permission '%s' is described twice" % (service.name, declared.name))
                described[declared.name] = declared.description
            for method in service.method:
                path = "/%s.%s/%s" % (file.package, service.name, method.name)
                if method.server_streaming:
                    STREAMING.append(path)
                if not method.options.HasExtension(access_pb2.access):
                    problems.append("%s declares no access rule" % path)
                    continue
                rule = method.options.Extensions[access_pb2.access]
                kinds = [bool(rule.permission), rule.public, rule.self_service]
                if sum(kinds) != 1:
                    problems.append("%s must declare exactly one of permission, public, self_service" % path)
                if rule.others_permission and not rule.self_service:
                    problems.append("%s: others_permission goes with self_service" % path)
                for name in (rule.permission, rule.others_permission):
                    if name and not re.fullmatch(r"[a-z]+\.[a-z_]+\.[a-z_]+", name):
                        problems.append("%s: permission '%s' is not <service>.<resource>.<verb>" % (path, name))
                    if name and not name.startswith(file.package.split(".")[1] + "."):
                        problems.append("%s: permission '%s' does not belong to its service" % (path, name))
                named = rule.permission or rule.others_permission
                if rule.description:
                    if named in described:
                        problems.append("%s: permission '%s' is described twice" % (path, named))
                    described[named] = rule.description
                rules.append((path, rule))
    for path, rule in rules:
        for name in (rule.permission, rule.others_permission):
            if name and name not in described:
                problems.append("permission '%s' has no description" % name)
    return rules, described, sorted(set(problems))


def render_access(rules, described):
    def string(value):
        return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')

    out = ["// Generated by scripts/render-contract.py from the `rentguy.common.v1.access` option of every RPC",
           "// in proto/. Do not edit.", "",
           "/// Who may call each RPC of the contract, and every permission the contract names.",
           "public enum RPCAccessRules {",
           "  /// The access rule of one RPC.",
           "  public enum Rule: Sendable, Hashable {",
           "    /// The caller's roles must grant this permission.",
           "    case permission(String)",
           "    /// No credential (Login and Refresh).",
           "    case `public`",
           "    /// Any valid credential, for its own records; `others` reaches other people's.",
           "    case selfService(others: String?)",
           "  }", "",
           "  /// Rules by full method path (`/package.Service/Method`).",
           "  public static let rules: [String: Rule] = ["]
    for path, rule in rules:
        if rule.public:
            value = ".public"
        elif rule.self_service:
            value = ".selfService(others: %s)" % (string(rule.others_permission) if rule.others_permission else "nil")
        else:
            value = ".permission(%s)" % string(rule.permission)
        out.append("    %s: %s," % (string(path), value))
    out += ["  ]", "",
            "  /// The RPCs whose response is a stream (long-lived: their credential is checked again while open).",
            "  public static let streamingResponses: Set<String> = ["]
    for path in sorted(STREAMING):
        out.append("    %s," % string(path))
    out += ["  ]", "",
            "  /// Every permission the contract names, with what it allows, sorted by name.",
            "  public static let permissions: [(name: String, description: String)] = ["]
    for name in sorted(described):
        out.append("    (%s, %s)," % (string(name), string(described[name])))
    out += ["  ]", "}", ""]
    return "\n".join(out)


def swift_type(package, message):
    return "_".join(part[:1].upper() + part[1:] for part in package.split(".")) + "_" + message


def render_unary(files):
    """Every unary RPC with its message types, for the Connect JSON endpoint."""
    out = ["// Generated by scripts/render-contract.py from the unary RPCs in proto/. Do not edit.", "",
           "public import SwiftProtobuf", "",
           "/// Every unary RPC of the contract, by path without the leading slash",
           "/// (`rentguy.booking.v1.BookingService/SubmitLead`), with its request and response types.",
           "public enum UnaryMethods {",
           "  public static let byPath: [String: (request: any SwiftProtobuf.Message.Type, response: any SwiftProtobuf.Message.Type)] = ["]
    types = {}
    for file in files:
        for message in file.message_type:
            types[".%s.%s" % (file.package, message.name)] = swift_type(file.package, message.name)
    for file in files:
        for service in file.service:
            for method in service.method:
                if method.client_streaming or method.server_streaming:
                    continue
                out.append('    "%s.%s/%s": (%s.self, %s.self),' % (file.package, service.name, method.name,
                                                                     types[method.input_type], types[method.output_type]))
    out += ["  ]", "}", ""]
    return "\n".join(out)


def render_idempotent(files):
    """The request messages with an `idempotency_key` field, as `IdempotentRequest`s."""
    out = ["// Generated by scripts/render-contract.py from the request messages in proto/ that have an",
           "// `idempotency_key` field. Do not edit.", "",
           "/// A mutation's request: it carries the caller's idempotency key (empty: none).",
           "public protocol IdempotentRequest: Sendable {",
           "  var idempotencyKey: String { get }",
           "}", ""]
    for file in files:
        for message in file.message_type:
            if any(field.name == "idempotency_key" for field in message.field):
                out.append("extension %s: IdempotentRequest {}" % swift_type(file.package, message.name))
    return "\n".join(out) + "\n"


def access_column(rule):
    if rule is None:
        return "**none: denied**"
    if rule.public:
        return "public"
    if rule.self_service:
        return "own records" + (" (others: `%s`)" % rule.others_permission if rule.others_permission else "")
    return "`%s`" % rule.permission


def comments(file):
    found = {}
    for location in file.source_code_info.location:
        text = location.leading_comments or "".join(location.leading_detached_comments)
        if text.strip():
            found[tuple(location.path)] = text
    return found


def clean(text, indent=""):
    lines = [line[1:] if line.startswith(" ") else line for line in text.rstrip().split("\n")]
    # Headings inside comments sit below this page's own headings.
    lines = ["#### " + line[2:] if line.startswith("# ") else line for line in lines]
    return "\n".join(indent + line if line else "" for line in lines).strip("\n")


def one_line(text):
    return " ".join(line.strip() for line in text.strip().split("\n") if line.strip()).replace("|", "\\|")


def type_name(field):
    if field.type in (11, 14):
        name = field.type_name.lstrip(".")
        return "`%s`" % name
    return TYPE_NAMES.get(field.type, str(field.type))


def render(files, rules):
    by_path = dict(rules)
    out = ["# RentGuy API reference", "",
           "<!-- Generated by scripts/render-contract.py from the comments in proto/. Do not edit. -->", "",
           "The contract lives in `proto/rentguy/<domain>/v1/*.proto`; this page is rendered from its comments.",
           "Services not built yet answer UNIMPLEMENTED; `grpc.health.v1.Health` is served too.", ""]
    out += ["## Contents", ""]
    for file in files:
        out.append("- [`%s`](#%s)" % (file.package, file.package.replace(".", "")))
    out.append("")
    for file in files:
        notes = comments(file)
        out += ["## `%s`" % file.package, "", "_File: `proto/%s`_" % file.name, ""]
        header = notes.get((12,)) or notes.get((2,))
        if header:
            out += [clean(header), ""]
        for s_index, service in enumerate(file.service):
            out += ["### service `%s`" % service.name, ""]
            if (6, s_index) in notes:
                out += [clean(notes[(6, s_index)]), ""]
            out += ["| RPC | request → response | access | what it does |", "| --- | --- | --- | --- |"]
            for m_index, method in enumerate(service.method):
                request = ("stream " if method.client_streaming else "") + method.input_type.split(".")[-1]
                response = ("stream " if method.server_streaming else "") + method.output_type.split(".")[-1]
                text = one_line(notes.get((6, s_index, 2, m_index), ""))
                rule = by_path.get("/%s.%s/%s" % (file.package, service.name, method.name))
                out.append("| `%s` | `%s` → `%s` | %s | %s |" % (method.name, request, response, access_column(rule), text))
            out.append("")
        for e_index, enum in enumerate(file.enum_type):
            out += render_enum(enum, notes, (5, e_index))
        for m_index, message in enumerate(file.message_type):
            out += render_message(message, notes, (4, m_index), message.name)
    return "\n".join(out).rstrip() + "\n"


def render_enum(enum, notes, path):
    out = ["#### enum `%s`" % enum.name, ""]
    if path in notes:
        out += [clean(notes[path]), ""]
    out += ["| value | number | meaning |", "| --- | --- | --- |"]
    for v_index, value in enumerate(enum.value):
        out.append("| `%s` | %d | %s |" % (value.name, value.number, one_line(notes.get(path + (2, v_index), ""))))
    return out + [""]


def render_message(message, notes, path, name):
    if message.options.map_entry:
        return []
    out = ["#### message `%s`" % name, ""]
    if path in notes:
        out += [clean(notes[path]), ""]
    if message.field:
        out += ["| field | type | meaning |", "| --- | --- | --- |"]
        for f_index, field in enumerate(message.field):
            label = "repeated " if field.label == 3 else ""
            out.append("| `%s` | %s%s | %s |" % (field.name, label, type_name(field),
                                                 one_line(notes.get(path + (2, f_index), ""))))
        out.append("")
    else:
        out += ["_(no fields)_", ""]
    for e_index, enum in enumerate(message.enum_type):
        out += render_enum(enum, notes, path + (4, e_index))
    for n_index, nested in enumerate(message.nested_type):
        out += render_message(nested, notes, path + (3, n_index), name + "." + nested.name)
    return out


# Names from outside the contract that comments may mention.
EXTERNAL_NAMES = {"BadRequest", "FieldViolation", "ErrorInfo", "RetryInfo"}


def broken_references(files):
    """(file, reference) for each `Service.Method` or `CamelCaseName` in a comment that the
    contract does not define."""
    methods, names = {}, set(EXTERNAL_NAMES)

    def add_message(message):
        names.add(message.name)
        for enum in message.enum_type:
            names.add(enum.name)
        for nested in message.nested_type:
            add_message(nested)

    for file in files:
        for service in file.service:
            names.add(service.name)
            methods[service.name] = {method.name for method in service.method}
            names.update(methods[service.name])
        for message in file.message_type:
            add_message(message)
        names.update(enum.name for enum in file.enum_type)
    broken = []
    for file in files:
        for location in file.source_code_info.location:
            text = location.leading_comments + "".join(location.leading_detached_comments)
            for service, method in re.findall(r"`(\w+Service)\.(\w+)`", text):
                if method not in methods.get(service, ()):
                    broken.append((file.name, "%s.%s" % (service, method)))
            for name in re.findall(r"`([A-Z][A-Za-z0-9]+)`", text):
                if name not in names:
                    broken.append((file.name, name))
    return sorted(set(broken))


def main():
    files = load()
    broken = broken_references(files)
    for file, reference in broken:
        print("render-contract: proto/%s mentions `%s`, which the contract does not define" % (file, reference),
              file=sys.stderr)
    rules, described, problems = access_rules(files)
    for problem in problems:
        print("render-contract: %s" % problem, file=sys.stderr)
    if broken or problems:
        sys.exit(1)
    outputs = {OUT: render(files, rules), ACCESS_OUT: render_access(rules, described),
               IDEMPOTENT_OUT: render_idempotent(files), UNARY_OUT: render_unary(files)}
    stale = False
    for path, text in outputs.items():
        name = os.path.relpath(path, ROOT)
        if "--check" in sys.argv:
            current = open(path).read() if os.path.exists(path) else ""
            if current != text:
                print("render-contract: %s is stale; run scripts/generate-protos.sh and commit" % name, file=sys.stderr)
                stale = True
            else:
                print("render-contract: %s is current" % name)
        else:
            with open(path, "w") as f:
                f.write(text)
            print("render-contract: wrote %s" % name)
    sys.exit(1 if stale else 0)


if __name__ == "__main__":
    main()
