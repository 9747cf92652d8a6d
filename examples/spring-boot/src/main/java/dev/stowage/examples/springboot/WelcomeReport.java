package dev.stowage.examples.springboot;

import dev.stowage.Stores;
import dev.stowage.credit.CreditAccount;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What the example does when started: signs two customers up (one of them twice, which changes
 * nothing) and prints their balances and where the stores live.
 */
@Component
public class WelcomeReport implements ApplicationRunner {

    private final Onboarding onboarding;
    private final Stores stores;
    private volatile List<String> lines = List.of();

    /**
     * @param onboarding the sign-up service
     * @param stores     the stores, to say where they live
     */
    public WelcomeReport(Onboarding onboarding, Stores stores) {
        this.onboarding = onboarding;
        this.stores = stores;
    }

    @Override
    public void run(ApplicationArguments args) {
        CreditAccount ada = onboarding.signUp("ada@example.com", "form-1");
        onboarding.signUp("ada@example.com", "form-1");
        CreditAccount grace = onboarding.signUp("grace@example.com", "form-2");
        lines = List.of("stores: " + stores, "ada@example.com has " + ada.balance() + " credits",
                "grace@example.com has " + grace.balance() + " credits");
        lines.forEach(System.out::println);
    }

    /**
     * @return the lines the last run printed
     */
    public List<String> lines() {
        return lines;
    }
}
