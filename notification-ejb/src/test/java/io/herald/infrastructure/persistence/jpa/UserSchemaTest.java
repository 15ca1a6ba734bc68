package io.herald.infrastructure.persistence.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.domain.model.user.Device;
import io.herald.domain.model.user.User;
import jakarta.persistence.Column;
import jakarta.persistence.Table;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Flyway owns the schema and JPA never generates it: the entities must map exactly what V9 creates. */
class UserSchemaTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = UserSchemaTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The column names of a CREATE TABLE in the migration (constraint lines skipped). */
    private static Set<String> columns(String sql, String table) {
        Matcher m = Pattern.compile("CREATE TABLE " + table + " \\((.*?)\\n\\);", Pattern.DOTALL).matcher(sql);
        assertTrue(m.find(), "CREATE TABLE " + table);
        return Arrays.stream(m.group(1).split("\\n")).map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("CONSTRAINT") && !line.startsWith("REFERENCES")
                        && !line.startsWith("--"))
                .map(line -> line.split("\\s+")[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> mapped(Class<?> entity) {
        return Arrays.stream(entity.getDeclaredFields()).map(f -> f.getAnnotation(Column.class)).filter(c -> c != null)
                .map(Column::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theEntitiesMapEveryColumnOfTheirTablesAndNoOther() throws IOException {
        String v9 = resource("/db/migration/V9__users.sql");
        assertEquals("app_user", User.class.getAnnotation(Table.class).name());
        assertEquals("user_device", Device.class.getAnnotation(Table.class).name());
        assertEquals(columns(v9, "app_user"), mapped(User.class));
        assertEquals(columns(v9, "user_device"), mapped(Device.class));
    }

    @Test
    void theKeysAreTheOnesTheMigrationDeclares() throws IOException, NoSuchFieldException {
        String v9 = resource("/db/migration/V9__users.sql");
        assertTrue(v9.contains("CONSTRAINT app_user_pkey PRIMARY KEY (owner, id)"));
        assertTrue(v9.contains("CONSTRAINT user_device_pkey PRIMARY KEY (owner, token_hash)"));
        for (String key : new String[] {"owner", "id"}) {
            Field f = User.class.getDeclaredField(key);
            assertNotNull(f.getAnnotation(jakarta.persistence.Id.class), key);
        }
        assertNotNull(Device.class.getDeclaredField("owner").getAnnotation(jakarta.persistence.Id.class));
        assertNotNull(Device.class.getDeclaredField("tokenHash").getAnnotation(jakarta.persistence.Id.class));
    }

    @Test
    void theInsertWritesEveryColumnWithNumberedParametersOnly() throws IOException {
        String sql = JpaUserRepository.INSERT_IF_ABSENT;
        Matcher m = Pattern.compile("INSERT INTO app_user \\(([^)]*)\\)").matcher(sql);
        assertTrue(m.find(), sql);
        Set<String> inserted = Arrays.stream(m.group(1).split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(columns(resource("/db/migration/V9__users.sql"), "app_user"), inserted);
        assertTrue(sql.endsWith("ON CONFLICT (owner, id) DO NOTHING"), sql);
        assertTrue(!sql.contains("#") && !sql.contains("::") && !Pattern.compile("\\?(?![0-9])").matcher(sql).find(), sql);
        for (int i = 1; i <= 10; i++) {
            assertTrue(sql.contains("?" + i + ",") || sql.contains("?" + i + " "), "?" + i);
        }
    }

    @Test
    void thePersistenceUnitListsTheEntities() throws IOException {
        String unit = resource("/META-INF/persistence.xml");
        assertTrue(unit.contains("<class>" + User.class.getName() + "</class>"), unit);
        assertTrue(unit.contains("<class>" + Device.class.getName() + "</class>"), unit);
    }
}
