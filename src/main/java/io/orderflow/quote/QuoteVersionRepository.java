package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface QuoteVersionRepository extends JpaRepository<QuoteVersion, QuoteVersion.Key> {

    @Query("select v from QuoteVersion v where v.quoteCode = ?1 order by v.version")
    List<QuoteVersion> findByQuoteCodeOrderByVersionAsc(String quoteCode);

    @Query("select v from QuoteVersion v where v.quoteCode = ?1 and v.version = ?2")
    Optional<QuoteVersion> findByQuoteCodeAndVersion(String quoteCode, int version);
}
