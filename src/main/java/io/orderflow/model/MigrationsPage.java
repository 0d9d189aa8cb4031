package io.orderflow.model;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * For operators: the instances still on an older version of their model, read from the database so that every node
 * shows the same ones, with the reason this node's last migration found; "Migrate now" runs the migration again.
 */
@Controller
class MigrationsPage {

    static final int SHOWN = 500;

    private final ModelMigrator migrator;

    MigrationsPage(ModelMigrator migrator) {
        this.migrator = migrator;
    }

    @GetMapping("/operations/migrations")
    String page(Model model) {
        model.addAttribute("instances", migrator.notMigrated(SHOWN));
        model.addAttribute("lastRun", migrator.lastRun());
        model.addAttribute("shown", SHOWN);
        return "operations/migrations";
    }

    @PostMapping("/operations/migrations")
    String migrate(RedirectAttributes redirect) {
        ModelMigrator.MigrationRun run = migrator.migrateShipped();
        redirect.addFlashAttribute("message", run.migrated() + " instances migrated, " + run.notMigrated().size()
                + " not migrated, " + run.skipped() + " skipped (moved meanwhile).");
        return "redirect:/operations/migrations";
    }
}
