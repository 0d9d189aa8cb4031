package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface QuoteVersionRepository extends JpaRepository<QuoteVersion, QuoteVersion.Key> {

    List<QuoteVersion> findByQuoteCodeOrderByVersionAsc(String quoteCode);

    Optional<QuoteVersion> findByQuoteCodeAndVersion(String quoteCode, int version);
}
