package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface QuoteStateChangeRepository extends JpaRepository<QuoteStateChange, Long> {

    List<QuoteStateChange> findByQuoteCodeOrderByIdAsc(String quoteCode);

    Optional<QuoteStateChange> findFirstByQuoteCodeOrderByIdDesc(String quoteCode);

    List<QuoteStateChange> findByQuoteCodeAndIdGreaterThanOrderByIdAsc(String quoteCode, long id);

    // a query string: Hibernate keeps its plan, while it plans a derived query anew at every call
    @Query("select c from QuoteStateChange c where c.id > ?1 order by c.id")
    List<QuoteStateChange> findByIdGreaterThanOrderByIdAsc(long id, Pageable page);

    @Query("select coalesce(max(c.id), 0) from QuoteStateChange c")
    long maxId();
}
