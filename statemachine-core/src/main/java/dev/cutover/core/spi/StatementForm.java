package dev.cutover.core.spi;

import dev.cutover.core.Statements;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The form in which {@link FoundMigration#runs} compares two DDL statements: the tokens of the
 * statement ({@link Statements}), each in one spelling, with the differences a server's re-writing
 * of the statement makes (Vitess keeps a migration's statement printed from its parse tree) taken
 * out. Two spellings of one change have the same form; it does not parse SQL, so a re-writing it
 * does not know makes two forms differ (the safe direction: the driver then submits, it never
 * adopts another change's migration).
 *
 * <p>What does not count:
 * <ul>
 *   <li>whitespace, comments and final semicolons; the case of words and names (never inside a
 *       string); backticks around a name; a string's quote character and escapes;
 *   <li>synonyms: {@code INDEX} and {@code KEY}, {@code CHARACTER SET} and {@code CHARSET},
 *       {@code <>} and {@code !=}, {@code b'101'} and {@code 0b101}; {@code GENERATED ALWAYS AS} and {@code AS}; the optional
 *       {@code COLUMN} after {@code ADD}, {@code DROP}, {@code MODIFY}, {@code CHANGE} and
 *       {@code ALTER}, {@code DEFAULT} before a character set or collation, {@code =} after a table
 *       option, {@code ASC}, and the empty {@code ()} after {@code CURRENT_TIMESTAMP} and its kin;
 *   <li>the commas between table options;
 *   <li>the order of a column's attributes ({@code DEFAULT 0 NOT NULL} is {@code NOT NULL DEFAULT 0}).
 * </ul>
 */
final class StatementForm {

  private StatementForm() {}

  /** One token in its canonical spelling; {@code word} for an unquoted word or number (a keyword can only be one). */
  private record Tok(String text, boolean word) {
    boolean is(String keyword) {
      return word && text.equals(keyword);
    }

    boolean isAny(Set<String> keywords) {
      return word && keywords.contains(text);
    }

    boolean isPunct(String p) {
      return !word && text.equals(p);
    }
  }

  private static final Set<String> BEFORE_OPTIONAL_COLUMN = Set.of("add", "drop", "modify", "change", "alter");

  /** Table options, after which {@code =} is optional and between which commas are. */
  private static final Set<String> TABLE_OPTIONS = Set.of("auto_increment", "autoextend_size", "avg_row_length",
      "charset", "checksum", "collate", "comment", "compression", "connection", "delay_key_write", "encryption",
      "engine", "engine_attribute", "insert_method", "key_block_size", "max_rows", "min_rows", "pack_keys",
      "password", "row_format", "secondary_engine_attribute", "stats_auto_recalc", "stats_persistent",
      "stats_sample_pages", "tablespace", "union");

  /** Functions whose empty argument list is optional. */
  private static final Set<String> NILADIC = Set.of("current_timestamp", "now", "localtime", "localtimestamp",
      "current_date", "current_time", "curdate", "curtime", "utc_timestamp", "utc_date", "utc_time");

  /** Words that start an index or constraint rather than a column in a table's definition. */
  private static final Set<String> NOT_A_COLUMN = Set.of("primary", "key", "unique", "fulltext", "spatial",
      "constraint", "foreign", "check", "partition");

  /**
   * The form of {@code sql}: its canonical tokens one space apart; text that does not lex (an
   * unterminated quote or comment) is its own form, trimmed.
   */
  static String of(String sql) {
    List<Statements.Token> lexed;
    try {
      lexed = Statements.tokenize(sql);
    } catch (IllegalArgumentException e) {
      return sql.strip();
    }
    List<Tok> tokens = tableOptionCommas(synonyms(canonical(lexed)));
    tokens = columnAttributesInOrder(tokens);
    StringBuilder out = new StringBuilder(sql.length());
    for (Tok t : tokens) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(t.text());
    }
    return out.toString();
  }

  /** Each token in one spelling, comments and final semicolons dropped. */
  private static List<Tok> canonical(List<Statements.Token> lexed) {
    int end = lexed.size();
    while (end > 0 && (lexed.get(end - 1).isPunct(';') || lexed.get(end - 1).kind() == Statements.Kind.COMMENT)) {
      end--;
    }
    List<Tok> out = new ArrayList<>(end);
    for (int i = 0; i < end; i++) {
      Statements.Token t = lexed.get(i);
      switch (t.kind()) {
        case COMMENT -> { }
        case WORD, NUMBER -> out.add(new Tok(t.text().toLowerCase(Locale.ROOT), true));
        case QUOTED_NAME -> out.add(new Tok(name(t.text().toLowerCase(Locale.ROOT)), false));
        case STRING -> out.add(new Tok(string(t.text()), false));
        default -> out.add(new Tok(t.text(), false));
      }
    }
    return out;
  }

  /** One word for each pair of synonyms; optional words left out. */
  private static List<Tok> synonyms(List<Tok> in) {
    List<Tok> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Tok t = in.get(i);
      Tok next = i + 1 < in.size() ? in.get(i + 1) : null;
      Tok last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (t.is("column") && last != null && last.isAny(BEFORE_OPTIONAL_COLUMN)) {
        continue;
      }
      if (t.is("asc")) {
        continue;
      }
      if (t.is("default") && next != null && (next.is("charset") || next.is("character") || next.is("collate"))) {
        continue;
      }
      if (t.is("generated") && next != null && next.is("always")) {
        i++;
        continue;
      }
      if (t.is("character") && next != null && next.is("set")) {
        out.add(new Tok("charset", true));
        i++;
        continue;
      }
      if (t.is("b") && next != null && !next.word() && next.text().matches("'[01]*'")) {
        out.add(new Tok("0b" + next.text().substring(1, next.text().length() - 1), true)); // b'101' is 0b101
        i++;
        continue;
      }
      if (t.is("index")) {
        out.add(new Tok("key", true));
        continue;
      }
      if (t.isPunct("=") && last != null && last.isAny(TABLE_OPTIONS)) {
        continue;
      }
      if (t.isPunct("<") && next != null && next.isPunct(">")) {
        out.add(new Tok("!", false));
        out.add(new Tok("=", false));
        i++;
        continue;
      }
      out.add(t);
      if (t.isAny(NILADIC) && i + 2 < in.size() && in.get(i + 1).isPunct("(") && in.get(i + 2).isPunct(")")) {
        i += 2;
      }
    }
    return out;
  }

  /**
   * Drops a comma between two table options: outside parentheses, before a table option, when what
   * the comma ends began with one ({@code ENGINE InnoDB, CHARSET utf8mb4} is
   * {@code ENGINE InnoDB CHARSET utf8mb4}, but {@code ADD c INT, COMMENT 'x'} keeps its comma: there
   * the comment is the table's, without it the column's).
   */
  private static List<Tok> tableOptionCommas(List<Tok> in) {
    List<Tok> out = new ArrayList<>(in.size());
    int depth = 0;
    boolean headPending = false;
    boolean headIsOption = false;
    int start = alterClauses(in);
    if (start > 0) {
      out.addAll(in.subList(0, start));
      headPending = true;
    }
    for (int i = start; i < in.size(); i++) {
      Tok t = in.get(i);
      if (depth == 0 && headPending && !t.isPunct(",")) {
        headIsOption = t.isAny(TABLE_OPTIONS);
        headPending = false;
      }
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth = Math.max(0, depth - 1);
        if (depth == 0) {
          headPending = true;
        }
      } else if (t.isPunct(",") && depth == 0) {
        Tok next = i + 1 < in.size() ? in.get(i + 1) : null;
        headPending = true;
        if (headIsOption && next != null && next.isAny(TABLE_OPTIONS)) {
          continue;
        }
      }
      out.add(t);
    }
    return out;
  }

  /**
   * Where the clauses of an {@code ALTER TABLE} begin: just after the table's name, plain or
   * qualified ({@code ks.t}); 0 for any other statement.
   */
  private static int alterClauses(List<Tok> in) {
    if (in.size() < 3 || !in.get(0).is("alter") || !in.get(1).is("table")) {
      return 0;
    }
    return in.size() > 4 && in.get(3).isPunct(".") ? 5 : 3;
  }

  /**
   * The index of the first comma outside parentheses from {@code from} on (or, with
   * {@code closeEnds}, of the first unmatched closing parenthesis), or the end.
   */
  private static int segmentEnd(List<Tok> in, int from, boolean closeEnds) {
    int depth = 0;
    int end = from;
    while (end < in.size()) {
      Tok t = in.get(end);
      if (depth == 0 && (t.isPunct(",") || (closeEnds && t.isPunct(")")))) {
        break;
      }
      depth += t.isPunct("(") ? 1 : t.isPunct(")") ? -1 : 0;
      end++;
    }
    return end;
  }

  // ---------------------------------------------------------------------------------------------
  // Column attributes

  /**
   * Puts the attributes of each column definition in one order: the definitions after
   * {@code ADD}, {@code MODIFY} and {@code CHANGE} of an {@code ALTER TABLE}, and the column
   * definitions of a {@code CREATE TABLE}. A definition with a word this does not know is left as
   * written.
   */
  private static List<Tok> columnAttributesInOrder(List<Tok> in) {
    if (in.size() < 3 || !in.get(1).is("table")) {
      return in;
    }
    if (in.get(0).is("alter")) {
      return alterColumns(in);
    }
    if (in.get(0).is("create")) {
      return createColumns(in);
    }
    return in;
  }

  private static List<Tok> alterColumns(List<Tok> in) {
    int start = alterClauses(in);
    List<Tok> out = new ArrayList<>(in.subList(0, start));
    int i = start;
    while (i < in.size()) {
      int end = segmentEnd(in, i, false);
      Tok verb = in.get(i);
      if ((verb.is("add") || verb.is("modify") || verb.is("change")) && i + 1 < end
          && !in.get(i + 1).isAny(NOT_A_COLUMN) && !in.get(i + 1).isPunct("(")) {
        out.add(verb);
        out.addAll(definition(in.subList(i + 1, end), verb.is("change") ? 2 : 1));
      } else {
        out.addAll(in.subList(i, end));
      }
      if (end < in.size()) {
        out.add(in.get(end)); // the comma
      }
      i = end + 1;
    }
    return out;
  }

  private static List<Tok> createColumns(List<Tok> in) {
    int open = -1;
    for (int i = 0; i < in.size(); i++) {
      if (in.get(i).isPunct("(")) {
        open = i;
        break;
      }
    }
    if (open < 0) {
      return in;
    }
    List<Tok> out = new ArrayList<>(in.subList(0, open + 1));
    int i = open + 1;
    while (i < in.size()) {
      int end = segmentEnd(in, i, true);
      List<Tok> segment = in.subList(i, end);
      out.addAll(segment.isEmpty() || segment.get(0).isAny(NOT_A_COLUMN) ? segment : definition(segment, 1));
      if (end >= in.size()) {
        break;
      }
      out.add(in.get(end));
      if (in.get(end).isPunct(")")) {
        out.addAll(in.subList(end + 1, in.size()));
        return out;
      }
      i = end + 1;
    }
    return out;
  }

  /** One attribute of a column: its tokens and its place in the order. */
  private record Attribute(int rank, List<Tok> tokens) {}

  /**
   * A column definition ({@code names} names, a type, attributes, a position) with its attributes
   * in one order, or as written when it holds a word this does not know.
   */
  private static List<Tok> definition(List<Tok> def, int names) {
    int i = names;
    if (i >= def.size() || !def.get(i).word()) {
      return def;
    }
    i++; // the type
    if (i < def.size() && def.get(i).isPunct("(")) {
      i = group(def, i);
    }
    while (i < def.size() && (def.get(i).is("unsigned") || def.get(i).is("zerofill") || def.get(i).is("signed"))) {
      i++;
    }
    List<Tok> out = new ArrayList<>(def.subList(0, i));
    List<Attribute> attributes = new ArrayList<>();
    while (i < def.size()) {
      Tok t = def.get(i);
      int rank;
      int end;
      if (t.is("charset") || t.is("collate") || t.is("column_format") || t.is("storage") || t.is("srid")
          || t.is("engine_attribute") || t.is("secondary_engine_attribute")) {
        rank = t.is("charset") ? 1 : t.is("collate") ? 3 : 11;
        end = i + 2;
      } else if (t.is("binary")) {
        rank = 2;
        end = i + 1;
      } else if (t.is("not") && i + 1 < def.size() && def.get(i + 1).is("null")) {
        rank = 4;
        end = i + 2;
      } else if (t.is("null")) {
        rank = 4;
        end = i + 1;
      } else if (t.is("default")) {
        rank = 5;
        end = expression(def, i + 1);
      } else if (t.is("on") && i + 1 < def.size() && def.get(i + 1).is("update")) {
        rank = 6;
        end = expression(def, i + 2);
      } else if (t.is("as") && i + 1 < def.size() && def.get(i + 1).isPunct("(")) {
        rank = 7;
        end = group(def, i + 1);
        if (end < def.size() && (def.get(end).is("virtual") || def.get(end).is("stored"))) {
          end++;
        }
      } else if (t.is("auto_increment")) {
        rank = 8;
        end = i + 1;
      } else if (t.is("comment")) {
        rank = 9;
        end = i + 2;
      } else if (t.is("visible") || t.is("invisible")) {
        rank = 10;
        end = i + 1;
      } else if (t.is("primary") && i + 1 < def.size() && def.get(i + 1).is("key")) {
        rank = 12;
        end = i + 2;
      } else if (t.is("unique")) {
        rank = 12;
        end = i + 1 < def.size() && def.get(i + 1).is("key") ? i + 2 : i + 1;
      } else if (t.is("key")) {
        rank = 12;
        end = i + 1;
      } else if (t.is("check") && i + 1 < def.size() && def.get(i + 1).isPunct("(")) {
        rank = 13;
        end = group(def, i + 1);
      } else if (t.is("references") || t.is("first") || t.is("after")) {
        // The reference and the position end the definition: keep the rest as written, last.
        attributes.add(new Attribute(t.is("references") ? 14 : 20, new ArrayList<>(def.subList(i, def.size()))));
        break;
      } else {
        return def;
      }
      if (end > def.size()) {
        return def;
      }
      attributes.add(new Attribute(rank, new ArrayList<>(def.subList(i, end))));
      i = end;
    }
    attributes.sort(Comparator.comparingInt(Attribute::rank)); // stable: equal ranks keep their order
    attributes.forEach(a -> out.addAll(a.tokens()));
    return out;
  }

  /** The index just after the parenthesised group that opens at {@code open}, or past the end if it never closes. */
  private static int group(List<Tok> def, int open) {
    int depth = 0;
    for (int i = open; i < def.size(); i++) {
      if (def.get(i).isPunct("(")) {
        depth++;
      } else if (def.get(i).isPunct(")") && --depth == 0) {
        return i + 1;
      }
    }
    return def.size() + 1;
  }

  /**
   * The index just after the value that starts at {@code i}: a parenthesised expression, a signed
   * token, a word and its argument list ({@code current_timestamp(6)}), a word and a string
   * ({@code _utf8mb4'x'}, {@code b'1'}), or one token.
   */
  private static int expression(List<Tok> def, int i) {
    if (i >= def.size()) {
      return def.size() + 1;
    }
    Tok t = def.get(i);
    if (t.isPunct("(")) {
      return group(def, i);
    }
    if ((t.isPunct("-") || t.isPunct("+")) && i + 1 < def.size()) {
      return expression(def, i + 1);
    }
    if (t.word() && i + 1 < def.size() && def.get(i + 1).isPunct("(")) {
      return group(def, i + 1);
    }
    if (t.word() && i + 1 < def.size() && def.get(i + 1).text().startsWith("'") && !def.get(i + 1).word()) {
      return i + 2;
    }
    if (i + 2 < def.size() && def.get(i + 1).isPunct(".") && t.word() && def.get(i + 2).word()) {
      return i + 3; // a decimal such as 1.50 lexes as three tokens
    }
    return i + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Names and strings

  /** A name (already in lower case) as a bare word when it is one, else in backticks (doubled inside). */
  private static String name(String name) {
    boolean bare = !name.isEmpty();
    boolean digits = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      bare &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= '\u0080';
      digits &= c >= '0' && c <= '9';
    }
    return bare && !digits ? name : "`" + name.replace("`", "``") + "`";
  }

  /**
   * A string literal as its value in single quotes, with {@code \} and {@code '} escaped by a
   * backslash: the literal's quote character and escapes do not show.
   */
  private static String string(String literal) {
    char quote = literal.charAt(0);
    StringBuilder value = new StringBuilder(literal.length() + 2).append('\'');
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length() - 1) {
        char e = literal.charAt(++i);
        switch (e) {
          case '0' -> c = '\0';
          case 'b' -> c = '\b';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'Z' -> c = '\u001a';
          case '%', '_' -> {
            value.append("\\\\"); // MySQL keeps the backslash before % and _
            c = e;
          }
          default -> c = e;
        }
      } else if (c == quote) {
        i++; // a doubled quote stands for one
      }
      if (c == '\\' || c == '\'') {
        value.append('\\');
      }
      value.append(c);
    }
    return value.append('\'').toString();
  }
}
