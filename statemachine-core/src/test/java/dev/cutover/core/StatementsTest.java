package dev.cutover.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.core.Statements.Kind;
import dev.cutover.core.Statements.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one SQL lexer reads comments, quotes and whitespace as MySQL 8.0 does. */
class StatementsTest {

  private static List<Kind> kinds(String sql) {
    return Statements.tokenize(sql).stream().map(Token::kind).toList();
  }

  @Test
  void a_double_dash_is_a_comment_when_a_space_or_control_character_or_the_end_follows() {
    for (String after : List.of(" ", "\t", "\n", "\r", "\u000b", "\f", "\u0001", "\u007f", "")) {
      assertThat(kinds("x --" + after)).as("'--' + U+%04X", after.isEmpty() ? 0 : (int) after.charAt(0))
          .containsExactly(Kind.WORD, Kind.COMMENT);
    }
  }

  @Test
  void a_double_dash_before_anything_else_is_two_minus_signs() {
    assertThat(kinds("x --y")).containsExactly(Kind.WORD, Kind.PUNCT, Kind.PUNCT, Kind.WORD);
    // U+3000 is not whitespace to MySQL: it is part of a word
    assertThat(Statements.tokenize("x --\u3000y")).extracting(Token::text).containsExactly("x", "-", "-", "\u3000y");
  }

  @Test
  void a_semicolon_in_what_only_looks_like_a_comment_ends_the_statement() {
    assertThat(Statements.split("ALTER TABLE t ADD c INT --x; DROP TABLE t")).hasSize(2);
    assertThat(Statements.split("ALTER TABLE t ADD c INT --\u000b; DROP TABLE t")).hasSize(1);
    assertThat(Statements.split("ALTER TABLE t ADD c INT -- ;\nDROP TABLE t")).hasSize(1);
  }

  @Test
  void whitespace_is_mysqls_six_characters() {
    assertThat(kinds(" \t\n\u000b\f\rx")).containsExactly(Kind.WORD);
    assertThat(kinds("\u00a0x")).containsExactly(Kind.WORD);
    assertThat(kinds("\u0001")).containsExactly(Kind.PUNCT);
  }

  @Test
  void quotes_and_block_comments_keep_their_semicolons() {
    assertThat(Statements.split("SELECT 'a;b', \"c;\\\"d\", `e;``f` /* ; */; SELECT 2;"))
        .containsExactly("SELECT 'a;b', \"c;\\\"d\", `e;``f` /* ; */", "SELECT 2");
    assertThat(Statements.split("/* only */ -- a comment\n;")).isEmpty();
    assertThatThrownBy(() -> Statements.split("SELECT 'x")).hasMessageStartingWith("sql: unterminated");
    assertThatThrownBy(() -> Statements.split("SELECT /* x")).hasMessageStartingWith("sql: unterminated comment");
  }
}
