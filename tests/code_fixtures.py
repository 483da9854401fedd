"""Fixture repositories for the code findings (issue 21 item 3), one per language: each adds
an unwired function, a stub behind a TODO, a ticked task whose code is a TODO citing its
id, and the entry points that must not be flagged (importable as ``code_fixtures``)."""

from __future__ import annotations

from pathlib import Path

from support import commit_files, init_repo

SPEC = "specs/001-demo/spec.md"
SPEC_TEXT = """# Feature Specification: Demo

## Requirements

### Functional Requirements

- **FR-001**: System MUST export todos as CSV.
- **FR-002**: System MUST import todos from a file.
- **FR-003**: System MUST show the total of open todos.
"""
TASKS_BEFORE = """# Tasks: Demo

- [ ] T001 [US1] Export todos (FR-001) in {export}
- [ ] T002 [US1] Import todos (FR-002) in {importer}
- [ ] T003 [US1] Show the total (FR-003)
"""

PYTHON = {
    "app/server.py": '''\
from http.server import BaseHTTPRequestHandler

from flask import Flask

from app.export import export_csv

app = Flask(__name__)


@app.route("/todos")
def list_todos():
    return export_csv(load_rows())


def load_rows():
    return [format_row(r) for r in []]


def format_row(row):
    return str(row)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.wfile.write(b"ok")


class Todo:
    def __init__(self, title):
        self.title = title

    def __repr__(self):
        return self.title


def main():
    app.run()


if __name__ == "__main__":
    main()
''',
    "app/export.py": '''\
def export_csv(rows):
    return ",".join(rows)


def legacy_export(rows):
    return ";".join(rows)


def open_total(todos):
    # TODO: count the open ones, for now a constant
    return 0
''',
    "app/importer.py": '''\
def import_todos(path):
    # TODO(T002): parse the file; deferred to the next iteration
    raise NotImplementedError
''',
    "tests/test_export.py": '''\
from app.export import legacy_export, open_total


def test_legacy():
    assert legacy_export(["a"]) == "a"
    assert open_total([]) == 0
''',
}

TYPESCRIPT = {
    "src/components/TodoList.tsx": '''\
import { useMutation } from "@tanstack/react-query";

export function TodoList({ items }: { items: string[] }) {
  const mutation = useMutation({
    mutationFn: async (title: string) => fetch("/api/todos", { method: "POST", body: title }),
    onSuccess: () => console.log("saved"),
  });
  return <ul>{items.map((i) => <li key={i} onClick={() => mutation.mutate(i)}>{i}</li>)}</ul>;
}
''',
    "src/components/Header.tsx": '''\
export default function Header() {
  return <h1>Todos</h1>;
}
''',
    "app/page.tsx": '''\
import { TodoList } from "../src/components/TodoList";
import TopBar from "../src/components/Header";

export default function Page() {
  return (<main><TopBar /><TodoList items={[]} /></main>);
}
''',
    "app/api/todos/route.ts": '''\
export async function GET() {
  return Response.json([]);
}
''',
    "src/lib/exporter.ts": '''\
export interface Exporter {
  exportAll(rows: string[]): string;
}

export class CsvExporter implements Exporter {
  exportAll(rows: string[]): string {
    return rows.join(",");
  }
}

export function formatRowUnused(row: string): string {
  return row.trim();
}

export function openTotal(todos: string[]): number {
  // TODO: count the open ones
  return 0;
}

export function importTodos(path: string): string[] {
  // TODO(T002): parse the file, not yet
  throw new Error("not implemented");
}
''',
    "src/lib/use.ts": '''\
import { CsvExporter } from "./exporter";

export const exporter: import("./exporter").Exporter = new CsvExporter();
''',
}

RUST = {
    "src/main.rs": '''\
use std::fmt;

mod export;

struct Todo {
    title: String,
}

impl fmt::Display for Todo {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.title)
    }
}

#[get("/todos")]
fn list_todos() -> String {
    export::export_csv(&[])
}

#[tokio::main]
async fn serve() {
    println!("{}", list_todos());
}

fn main() {
    let t = Todo { title: String::from("a") };
    println!("{}", t);
}
''',
    "src/export.rs": '''\
pub fn export_csv(rows: &[String]) -> String {
    rows.join(",")
}

pub fn unused_helper(rows: &[String]) -> usize {
    rows.len()
}

pub fn open_total(rows: &[String]) -> usize {
    todo!()
}

pub fn import_todos(path: &str) -> Vec<String> {
    // TODO(T002): deferred until the parser lands
    unimplemented!()
}
''',
}

GO = {
    "main.go": '''\
package main

import (
\t"fmt"
\t"net/http"
)

type Todo struct{ Title string }

func (t Todo) String() string { return t.Title }

type Store interface {
\tSave(t Todo) error
}

type memStore struct{}

func (m *memStore) Save(t Todo) error { return nil }

func handleTodos(w http.ResponseWriter, r *http.Request) {
\tfmt.Fprint(w, ExportCSV(nil))
}

func init() {
\thttp.HandleFunc("/todos", handleTodos)
}

func main() {
\tvar s Store = &memStore{}
\t_ = s
\thttp.ListenAndServe(":8080", nil)
}
''',
    "export.go": '''\
package main

import "strings"

func ExportCSV(rows []string) string {
\treturn strings.Join(rows, ",")
}

func unusedHelper(rows []string) int {
\treturn len(rows)
}

func OpenTotal(rows []string) int {
\t// TODO: count the open ones, for now zero
\treturn 0
}

func ImportTodos(path string) []string {
\t// TODO(T002): deferred, parse later
\tpanic("not implemented")
}
''',
}

# language -> (files, the file T001 names, the file T002 names, the unwired functions, the stubs)
LANGUAGES = {
    "python": (PYTHON, "app/export.py", "app/importer.py", {"legacy_export", "open_total", "import_todos"},
               {"open_total", "import_todos"}),
    "typescript": (TYPESCRIPT, "src/lib/exporter.ts", "src/lib/exporter.ts", {"formatRowUnused", "openTotal",
                                                                            "importTodos"},
                   {"openTotal", "importTodos"}),
    "rust": (RUST, "src/export.rs", "src/export.rs", {"unused_helper", "open_total", "import_todos"},
             {"open_total", "import_todos"}),
    "go": (GO, "export.go", "export.go", {"unusedHelper", "OpenTotal", "ImportTodos"}, {"OpenTotal", "ImportTodos"}),
}


def build(root: Path, language: str) -> tuple[str, str]:
    """The fixture repository: a base commit with the spec and its open tasks, then the
    change that adds the code and ticks every task. Returns (base, head)."""
    files, export, importer, _unwired, _stubs = LANGUAGES[language]
    init_repo(root)
    tasks = TASKS_BEFORE.format(export=f"`{export}`", importer=f"`{importer}`")
    base = commit_files(root, {SPEC: SPEC_TEXT, "specs/001-demo/tasks.md": tasks}, "spec")
    head = commit_files(root, {**files, "specs/001-demo/tasks.md": tasks.replace("- [ ]", "- [x]")}, "implement")
    return base, head
