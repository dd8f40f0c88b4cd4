"""The compiler's text side cuts C cells into top-level chunks and says what each is and defines,
without a compiler: read_cell, chunks, declarations, hoisting."""

import pytest

from ukrepl.compiler import CellText, Kind, read_cell
from ukrepl.compiler.chunks import resolve
from ukrepl.compiler.declarations import Definition
from ukrepl.compiler.hoisting import Hoisted, hoist
from ukrepl.compiler.lexer import CellSyntax, tokenize

KNOWN = {"printf", "tour_fib", "tour_counter", "uk_alloc_get_default", "sq"}
TYPES = {"size_t", "__lcpuidx"}


def chunks(source):
    return read_cell(source).chunks(KNOWN.__contains__, TYPES.__contains__)


def kinds(source):
    return [(c.kind, c.text) for c in chunks(source)]


def test_declarations_functions_statements_and_the_final_expression():
    source = (
        "#include <stdio.h>\n"
        "struct point { int x, y; };\n"
        "int norm(struct point p) { return p.x * p.x + p.y * p.y; }\n"
        "struct point origin = {3, 4};\n"
        'printf("%d\\n", norm(origin));\n'
        "norm(origin)"
    )
    assert kinds(source) == [
        (Kind.DIRECTIVE, "#include <stdio.h>"),
        (Kind.DECLARATION, "struct point { int x, y; };"),
        (Kind.FUNCTION, "int norm(struct point p) { return p.x * p.x + p.y * p.y; }"),
        (Kind.DECLARATION, "struct point origin = {3, 4};"),
        (Kind.STATEMENT, 'printf("%d\\n", norm(origin));'),
        (Kind.EXPRESSION, "norm(origin)"),
    ]


def test_statements_with_blocks_end_where_c_says():
    source = (
        'if (tour_counter) { printf("a"); } else printf("b");\n'
        "for (int i = 0; i < 3; i++) { tour_counter += i; }\n"
        "do { tour_counter--; } while (tour_counter > 0);\n"
        "tour_counter = (struct p){1}.x;\n"
        "{ int t = 3; tour_counter = t; }"
    )
    assert [k for k, _ in kinds(source)] == [Kind.STATEMENT] * 5


def test_type_names_start_declarations_even_when_unknown():
    assert [k for k, _ in kinds("size_t n = 3;\nmy_t value;\nmy_t *p = 0;\ntour_counter * 2;")] == [
        Kind.DECLARATION,
        Kind.DECLARATION,
        Kind.DECLARATION,
        Kind.STATEMENT,
    ]


def test_unknown_call_like_names_wait_for_their_macro_expansion():
    first, second = chunks('uk_lib_initcall(cell_init);\nuk_pr_err("x");')
    assert first.kind is second.kind is Kind.AMBIGUOUS
    resolve(first, tokenize("static const uk_init_func_t __attribute__((used))"))
    resolve(second, tokenize('_uk_printk(3, "x")'))
    assert (first.kind, first.macro, second.kind) == (Kind.DECLARATION, True, Kind.STATEMENT)
    assert first.carried_text() is None


def test_names_defined_earlier_in_the_same_cell_are_calls():
    *_, call = chunks("int twice(int x) { return 2 * x; }\ntwice(4)")
    assert call.kind is Kind.EXPRESSION


def test_definitions_and_what_later_cells_see():
    source = (
        "typedef int (*fn_t)(int);\n"
        "static int helper(void) { return 1; }\n"
        "inline int sq2(int x) { return x * x; }\n"
        "__lcpuidx idx[] = {1, 2};\n"
        'char msg[] = "hey";\n'
        "union u { int a; char b; } uu;\n"
        "extern int tour_counter;\n"
    )
    found = [(c.definitions(), c.carried_text()) for c in chunks(source)]
    assert found == [
        ([Definition("fn_t", "typedef")], "typedef int (*fn_t)(int);"),
        ([Definition("helper", "function", static=True)], None),
        ([Definition("sq2", "function")], "       int sq2(int x);"),
        ([Definition("idx", "variable")], "extern __lcpuidx idx[2];"),
        ([Definition("msg", "variable")], "extern char msg[4];"),
        (
            [Definition("u", "union"), Definition("uu", "variable")],
            "extern union u { int a; char b; } uu;",
        ),
        ([Definition("tour_counter", "extern")], "extern int tour_counter;"),
    ]


def test_placed_text_keeps_the_column():
    second = chunks("int a; a = 3;")[1]
    assert (second.line, second.column, second.placed_text()) == (1, 7, "       a = 3;")


def test_initializers_that_must_run_move_into_the_statements():
    def hoisted(source):
        return hoist(chunks(source)[0], {"tour_counter"}.__contains__, frozenset(TYPES))

    assert hoisted("struct uk_alloc *a = uk_alloc_get_default();") == Hoisted(
        "struct uk_alloc *a;", ["a = uk_alloc_get_default();"]
    )
    assert hoisted("int y = tour_counter + 1, z = 3;") == Hoisted(
        "int y;\nint z = 3;", ["y = tour_counter + 1;"]
    )
    assert hoisted("size_t n = sizeof(int);") is None  # constant: stays an initializer
    assert hoisted("const int c = sq(2);") is None  # cannot be assigned: left to gcc
    assert hoisted("int a[2] = {sq(1), 2};") is None


@pytest.mark.parametrize(
    ("cell", "expression"),
    [
        ("sq(7)", "sq(7)"),
        ("tour_counter = 5;", "tour_counter = 5;"),
        ("*tour_greeting@5", "*tour_greeting@5"),  # GDB syntax
        ("$rip", "$rip"),
        ("(size_t)tour_counter /* a cast */ + 1", "(size_t)tour_counter + 1"),
        ("sizeof(struct uk_alloc) + 2 * tour_counter", "sizeof(struct uk_alloc) + 2 * tour_counter"),
        ("ARRAY_SIZE(x)", None),  # a macro: the compiler's job
        ("__PAGE_SIZE * 2", None),
        ("no_such_symbol * 2", "no_such_symbol * 2"),  # GDB says "No symbol"
        ("int x", None),
        ("sq(1); sq(2);", None),
        ("for (;;) ;", None),
        ("#include <stdio.h>", None),
    ],
)
def test_single_expressions_go_to_gdb(cell, expression):
    is_macro = {"ARRAY_SIZE", "__PAGE_SIZE"}.__contains__
    assert read_cell(cell).expression(is_macro, TYPES.__contains__) == expression


def test_unbalanced_brackets():
    with pytest.raises(CellSyntax):
        read_cell("int f(void) { return 1;").chunks()


# -- read_cell: the cell's text read once ---------------------------------------------


@pytest.mark.parametrize("cell", ["", "  \n\t\n", "// a note\n", "/* a\n block */  // and a line\n"])
def test_empty_and_comment_only_cells_are_empty(cell):
    text = read_cell(cell)
    assert isinstance(text, CellText)
    assert text.is_empty
    assert text.tokens == [] and text.groups == [] and text.syntax_error is None
    assert text.chunks() == []
    assert text.expression(lambda name: False, lambda name: False) is None


def test_an_expression_cell_is_read_once_and_answers_from_its_tokens():
    text = read_cell("sq(3) /* three */ + 1")
    assert not text.is_empty
    assert [t.text for t in text.tokens] == ["sq", "(", "3", ")", "+", "1"]
    assert [[t.text for t in g] for g in text.groups] == [["sq", "(", "3", ")", "+", "1"]]
    assert text.expression(lambda name: False, TYPES.__contains__) == "sq(3) + 1"
    assert [(c.kind, c.text) for c in text.chunks(KNOWN.__contains__)] == [
        (Kind.EXPRESSION, "sq(3) /* three */ + 1")
    ]


def test_a_declaration_cell_is_no_expression():
    text = read_cell("int v = 2; v")
    assert not text.is_empty
    assert text.expression(lambda name: False, TYPES.__contains__) is None
    declaration, value = text.chunks(KNOWN.__contains__, TYPES.__contains__)
    assert (declaration.kind, declaration.definitions()) == (Kind.DECLARATION, [Definition("v", "variable")])
    assert (value.kind, value.text) == (Kind.EXPRESSION, "v")


def test_a_syntax_error_is_kept_and_raised_only_by_whoever_needs_the_groups():
    text = read_cell("int f(void) { return 1;")  # reading does not raise
    assert isinstance(text.syntax_error, CellSyntax)
    assert str(text.syntax_error) == "missing '}' at the end of the cell"
    assert not text.is_empty
    assert text.expression(lambda name: False, lambda name: False) is None  # no expression, no error
    with pytest.raises(CellSyntax, match="missing '}'"):
        _ = text.groups
    with pytest.raises(CellSyntax, match="missing '}'"):
        text.chunks()
    with pytest.raises(CellSyntax, match="unbalanced"):
        read_cell("f(1));").chunks()


def test_cell_errors_are_ukrepl_errors_that_read_as_the_message_alone():
    from ukrepl.compiler import CellError
    from ukrepl.errors import UkreplError

    err = CellError("cell3.c:1:5: error: expected ';'")
    assert isinstance(err, UkreplError)
    assert str(err) == "cell3.c:1:5: error: expected ';'"


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('__asm__(".globl f\\n" "f:\\n" "\\tret\\n");', Kind.DECLARATION),  # makes a symbol
        ('asm(".text\\nf: ret");', Kind.DECLARATION),
        ('__asm__ volatile("cli; hlt");', Kind.STATEMENT),  # runs with the cell
        ('__asm__ volatile("1: pause; jmp 1b" ::: "memory");', Kind.STATEMENT),  # operands: a function's
        ('asm("nop");', Kind.STATEMENT),
    ],
)
def test_file_scope_assembly_stays_at_file_scope(source, kind):
    assert kinds(source)[0][0] is kind
