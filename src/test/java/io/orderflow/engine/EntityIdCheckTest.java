package io.orderflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.IntegrationTest;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.DbEntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The application's engine checks the id of each row it inserts without writing the row out as text, and still
 * refuses the wildcard id with the engine's own message. Each row here is inserted and removed again in one command,
 * so nothing reaches the database.
 */
class EntityIdCheckTest extends IntegrationTest {

    @Autowired
    ProcessEngineConfigurationImpl engine;

    @Test
    void aRowWithAnIdIsInsertedWithoutBeingWrittenOutAsText() {
        Row row = new Row("row-1");

        insertAndRemove(row);

        assertThat(row.writtenOut).isZero();
    }

    @Test
    void aRowWithoutAnIdGetsOneFromTheEngine() {
        Row row = new Row(null);

        insertAndRemove(row);

        assertThat(row.getId()).isNotBlank();
    }

    @Test
    void theWildcardIdIsRefusedWithTheEnginesMessage() {
        Row row = new Row("*");

        assertThatThrownBy(() -> insertAndRemove(row))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Entity row * has an invalid id");
    }

    private void insertAndRemove(Row row) {
        engine.getCommandExecutorTxRequired().execute(context -> {
            DbEntityManager rows = context.getDbEntityManager();
            assertThat(rows).isInstanceOf(EntityIdCheck.CheckingFirst.class);
            rows.insert(row);
            rows.delete(row);
            return null;
        });
    }

    private static final class Row implements DbEntity {

        private String id;
        int writtenOut;

        Row(String id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void setId(String id) {
            this.id = id;
        }

        @Override
        public Object getPersistentState() {
            return id;
        }

        @Override
        public String toString() {
            writtenOut++;
            return "row " + id;
        }
    }
}
